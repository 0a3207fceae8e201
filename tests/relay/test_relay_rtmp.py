"""The generated relay in a real nginx-rtmp, three nginx-rtmp "platforms", one `studio engine` publishing once.

Done-when of issue 27: ffprobe finds the program in all three platform recordings; killing one platform
leaves the other two untouched and it is reconnected when it comes back; the relay's per-destination
states are in `studio control state`; the relay's secret and the keys appear nowhere but its 0600 files.
One platform ("mall") takes rtmps:// only: the relay's nginx opens TLS itself (stream module, the
certificate checked against --ca-file, SNI), so no ffmpeg and no key in any command line on the relay.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from studio.core.keystore import KeyStore
from studio.core.output.relay_url import SECRET_ACCOUNT
from tests.broadcast.test_no_secret_leaks import other_process_cmdlines
from tests.fixtures.engine import EngineProcess, wait_until
from tests.fixtures.rtmp_server import free_port
from tests.fixtures.tls_terminator import start_tls_terminator
from tests.probe import probe
from tests.relay.relay_setup import configure_relay, store_destinations

pytestmark = [pytest.mark.realtime, pytest.mark.slow]
NAMES = ("shop", "market", "mall")


def _states(engine) -> dict[str, dict]:
    listed = engine.control("state")
    assert listed.returncode == 0, listed.stderr
    return {d["name"]: d for d in json.loads(listed.stdout)["destinations"]}


def _all(engine, wanted: dict[str, str]) -> bool:
    states = _states(engine)
    return all(states[name]["state"] == state for name, state in wanted.items())


def test_one_stream_to_the_relay_reaches_three_platforms_and_survives_one_dying(tmp_path, rtmp_server_factory,
                                                                                monkeypatch, request):
    platforms = {name: rtmp_server_factory() for name in NAMES}
    keys = {name: f"key-{name}-0123456789" for name in NAMES}
    tls = start_tls_terminator(tmp_path / "tls", platforms["mall"].port)
    request.addfinalizer(tls.stop)    # also when a check fails before the show (a failed run left it running)
    urls = {name: platforms[name].url(keys[name]) for name in NAMES} | {"mall": tls.url(keys["mall"])}
    store_destinations(tmp_path, urls, monkeypatch)
    relay = configure_relay(tmp_path, "127.0.0.1", "--ca-file", str(tls.certificate),
                            "--tls-port-base", str(free_port()))
    assert "proxy_ssl_verify on;" in (relay.directory / "nginx.conf").read_text()
    relay_secret = KeyStore.open().get(SECRET_ACCOUNT)
    assert relay_secret and "secret=****" in relay.printed
    secret_files = sorted((relay.directory / "secrets").iterdir())
    assert [path.name for path in secret_files] == ["check-secret.conf", "to-mall.conf", "to-market.conf", "to-shop.conf"]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in secret_files)
    public = [relay.directory / name for name in ("nginx.conf", "README.md", "studio-relay.service")]
    for text in [relay.printed, *(path.read_text() for path in public)]:
        assert relay_secret not in text and not any(key in text for key in keys.values())
    relay.start()
    engine = None
    try:
        engine = EngineProcess(tmp_path, "--size", "640x360", "--video-bitrate", "400", "--all-destinations",
                               "--relay", relay.url, "--live", show=None)
        wait_until(lambda: _all(engine, dict.fromkeys(NAMES, "live")), 60, "every destination live through the relay")
        states = _states(engine)
        assert all(states[name]["bitrate_kbps"] > 0 for name in NAMES), states
        argv = " ".join(other_process_cmdlines())   # the engine, its poller and the relay's nginx
        assert relay_secret not in argv and not any(key in argv for key in keys.values())

        before = _states(engine)
        platforms["market"].kill()
        wait_until(lambda: _all(engine, {"market": "reconnecting", "shop": "live", "mall": "live"}), 30,
                   "market reconnecting, the others live")
        sizes = {name: platforms[name].recording(keys[name]).stat().st_size for name in ("shop", "mall")}
        wait_until(lambda: all(platforms[name].recording(keys[name]).stat().st_size > sizes[name] + 20_000
                               for name in sizes), 30, "shop and mall still receiving")
        platforms["market"].restart()
        wait_until(lambda: _all(engine, dict.fromkeys(NAMES, "live")), 30, "market back live")
        states = _states(engine)
        assert states["market"]["reconnects"] > before["market"]["reconnects"]
        assert [states[name]["reconnects"] for name in ("shop", "mall")] == \
            [before[name]["reconnects"] for name in ("shop", "mall")]          # untouched
        engine.wait_for_line(r"^market \(.*\): live -> reconnecting \(the relay lost this platform")   # the state change
        # a second and a half of it at least: the recording is read for its length below (50 KB was 0.85 s)
        wait_until(lambda: _seconds_recorded(platforms["market"].recording(keys["market"])) > 1.5, 30,
                   "market receiving again")
        assert engine.stop() == 0, engine.log()
        for shown in (engine.log(), relay.error_log()):
            assert relay_secret not in shown
            assert not any(key in shown for key in keys.values())
    finally:
        if engine is not None and engine.process.poll() is None:
            engine.kill()
        relay.stop()
        tls.stop()
    for name in NAMES:
        media = probe(platforms[name].recording(keys[name]))
        assert (media.video["codec_name"], media.video["width"], media.video["height"]) == ("h264", 640, 360)
        assert media.audio is not None and media.audio["codec_name"] == "aac"
        assert media.duration_s > 1.0


def _seconds_recorded(path: Path) -> float:
    """How much a recording being written holds so far (0 while it has no video stream yet)."""
    try:
        return probe(path).duration_s
    except AssertionError:
        return 0.0
