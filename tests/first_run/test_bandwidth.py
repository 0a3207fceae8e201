"""The wizard's bandwidth test (studio/first_run/bandwidth.py) against real nginx-rtmp sinks behind a real limit.

The sinks and the pushes run in a network namespace this test makes, on its loopback, shaped by
`tc ... tbf` to UPLINK_KBPS: nothing leaves the namespace. The test recommends a bitrate under the
limit for each destination, and the relay when the two together need more than the uplink carries.
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
                         "rate", f"{UPLINK_KBPS}kbit", "burst", "64kb", "latency", "300ms"]):
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
def test_it_recommends_a_bitrate_under_the_limit_and_the_relay_when_the_sum_exceeds_it(shaped_namespace, tmp_path):
    def push_to_two_sinks() -> list[BandwidthResult]:
        results = []
        for name in ("shop", "social"):
            server = start_rtmp_server(tmp_path / name)
            try:
                results.append(run_bandwidth_test(name, server.url("bandwidth"), TARGET_KBPS, seconds=5))
            finally:
                server.stop()
        return results

    results = inside(shaped_namespace, push_to_two_sinks)
    assert all(result.error is None for result in results), results
    assert all(result.limited for result in results), results
    recommendation = recommend(results)
    assert recommendation.relay and "studio relay config" in recommendation.summary()
    assert all(kbps > 0 for kbps in recommendation.bitrates_kbps.values()), recommendation
    # What the peer acknowledged, not what was written to the socket (the kernel's send buffer and the
    # shaper's queue hold up to half again what the link carried in 5 s).
    assert all(kbps < UPLINK_KBPS for kbps in recommendation.bitrates_kbps.values()), recommendation
    assert all(result.measured_kbps < 1.1 * UPLINK_KBPS for result in results), results


def test_an_uplink_that_carries_every_target_keeps_them_and_needs_no_relay():
    results = [BandwidthResult("a", 3000, 3010.0, 0), BandwidthResult("b", 2500, 2490.0, 0)]
    recommendation = recommend(results)
    assert recommendation.bitrates_kbps == {"a": 3000, "b": 2500} and not recommendation.relay


def test_twitch_keys_are_tested_in_bandwidth_test_mode():
    assert bandwidth_test_url("rtmp://live.twitch.tv/app/live_1_abc", "twitch").endswith("/live_1_abc?bandwidthtest=true")
    assert bandwidth_test_url("rtmp://a.rtmp.youtube.com/live2/key", "youtube") == "rtmp://a.rtmp.youtube.com/live2/key"
