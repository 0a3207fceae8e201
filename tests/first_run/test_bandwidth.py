"""The wizard's bandwidth test (studio/first_run/bandwidth.py) against real nginx-rtmp sinks behind a real limit.

The sinks and the pushes run in a network namespace this test makes, on its loopback, shaped by
`tc ... tbf` to UPLINK_KBPS: nothing leaves the namespace. The wizard's bandwidth page, run against
them, recommends a bitrate under the limit for each destination, and the relay when the two
together need more than the uplink carries.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import threading

import pytest

from studio.first_run.bandwidth import BandwidthResult, recommend, run_bandwidth_test, bandwidth_test_url
from tests.fixtures.rtmp_server import start_rtmp_server

UPLINK_KBPS = 2000
# The shaper's bucket (tc's "64kb"). The loopback's packets are up to 64 KiB, and one a little larger than the
# bucket is dropped every time it is sent: TCP stalls for seconds in some runs, which the measure must survive.
BURST_BYTES = 64 * 1024
# A full bucket goes through at once: over the 2 s or more a measure spans, the link carries this much at most.
MOST_THROUGH_KBPS = UPLINK_KBPS + BURST_BYTES * 8 / 1000 / 2.0
# Half again the uplink: here the rate of bytes written to the socket read over what the link can carry in
# most runs (2,316 to 2,976 kb/s), what the peer acknowledged never.
TARGET_KBPS = 3000
CLONE_NEWNET = 0x40000000


@pytest.fixture
def shaped_namespace():
    """A network namespace whose loopback carries UPLINK_KBPS; skipped (with the reason) where none can be made."""
    name = f"lss-bw-{os.getpid()}"
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("tc"):
        pytest.skip("a network namespace needs root and iproute2 (ip, tc)")
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {made.stderr.strip()}")
    try:
        for command in (["ip", "-n", name, "link", "set", "lo", "up"],
                        ["ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", "tbf",
                         "rate", f"{UPLINK_KBPS}kbit", "burst", f"{BURST_BYTES // 1024}kb", "latency", "300ms"]):
            subprocess.run(command, check=True, capture_output=True)
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)


def inside(namespace: str, work):
    """`work()` on a thread that entered `namespace`: the processes it starts (nginx, the pushes) are inside too."""
    outcome: dict = {}

    def run() -> None:
        fd = os.open(f"/var/run/netns/{namespace}", os.O_RDONLY)
        try:
            if ctypes.CDLL(None, use_errno=True).setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns")
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - raised again on the test's thread
            outcome["error"] = error
        finally:
            os.close(fd)

    thread = threading.Thread(target=run, name=f"in {namespace}")
    thread.start()
    thread.join(300)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.slow
def test_the_wizard_recommends_a_bitrate_under_the_limit_and_the_relay_when_the_sum_exceeds_it(
        shaped_namespace, tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from studio.core.settings import SettingsStore
    from studio.ui import setup_wizard
    from studio.ui.setup_wizard import SetupWizard
    from tests.fixtures.engine import user_env

    for name, value in user_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(setup_wizard, "DEFAULT_TEST_KBPS", TARGET_KBPS)
    sinks = inside(shaped_namespace, lambda: [start_rtmp_server(tmp_path / name) for name in ("shop", "social")])
    try:
        presets = [{"preset": "custom", "name": f"{name} sink", "default_url": server.url("").rstrip("/")}
                   for name, server in zip(("shop", "social"), sinks)]
        # the wizard's own test, its pushes inside the namespace (5 s each instead of 8, for the suite's time)
        pushed = lambda name, url, kbps: inside(shaped_namespace,  # noqa: E731
                                                lambda: run_bandwidth_test(name, url, kbps, seconds=5))
        wizard = SetupWizard(SettingsStore(), list_devices=lambda: {}, list_presets=lambda: presets,
                             add=lambda *_: None, test=pushed)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.next()
        wizard.next()
        page = wizard.destinations
        for index, name in enumerate(("shop", "social")):
            page.preset.setCurrentIndex(index)
            page.name.setText(name)
            page.key.setText(f"{name}-key")
            qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
        wizard.next()
        qtbot.mouseClick(wizard.bandwidth.start, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.bandwidth.recommendation is not None, timeout=180_000)
    finally:
        for server in sinks:
            server.stop()
    recommendation = wizard.bandwidth.recommendation
    assert set(recommendation.bitrates_kbps) == {"shop", "social"}, wizard.bandwidth.result.toPlainText()
    assert recommendation.relay and "studio relay config" in wizard.bandwidth.result.toPlainText()
    assert all(0 < kbps < UPLINK_KBPS for kbps in recommendation.bitrates_kbps.values()), recommendation
    # What the peer acknowledged, not what was written to the socket: the kernel's send buffer and the shaper's
    # queue held more than the link carried (read from bytes written: 2,316 to 2,976 kb/s "through" 2,000).
    assert recommendation.uplink_kbps <= MOST_THROUGH_KBPS, recommendation
    assert wizard.settings.get("encoder.video_bitrate_kbps") == min(recommendation.bitrates_kbps.values())


def test_an_uplink_that_carries_every_target_keeps_them_and_needs_no_relay():
    results = [BandwidthResult("a", 3000, 3010.0, 0), BandwidthResult("b", 2500, 2490.0, 0)]
    recommendation = recommend(results)
    assert recommendation.bitrates_kbps == {"a": 3000, "b": 2500} and not recommendation.relay


def test_twitch_keys_are_tested_in_bandwidth_test_mode():
    assert bandwidth_test_url("rtmp://live.twitch.tv/app/live_1_abc", "twitch").endswith("/live_1_abc?bandwidthtest=true")
    assert bandwidth_test_url("rtmp://a.rtmp.youtube.com/live2/key", "youtube") == "rtmp://a.rtmp.youtube.com/live2/key"
