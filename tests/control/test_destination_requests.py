"""Destinations added, removed, enabled and disabled over the control API while the engine runs.

Real nginx-rtmp, real ffprobe, a real engine process; the stream key must appear in no
answer, event, log line, argv or database file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.wire.client import ControlError
from tests.broadcast.run_studio import run_studio
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.broadcast.test_no_secret_leaks import other_process_cmdlines
from tests.probe import ffprobe_binary

from tests.fixtures.engine import EngineProcess, user_env, wait_until

# Outside `make test-fast`: real engines and nginx-rtmp.
pytestmark = pytest.mark.slow


KEY = "sk_live_added4l1v3xyz"


def _destination(state: dict, name: str) -> dict | None:
    return next((d for d in state["destinations"] if d.get("name") == name), None)


def _probe_live_stream(url: str) -> dict:
    import subprocess
    result = subprocess.run([ffprobe_binary(), "-v", "error", "-rw_timeout", "15000000", "-of", "json",
                             "-show_streams", url], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def live_engine(rtmp_server, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "keys.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    engine = EngineProcess(tmp_path, "--size", "640x360", "--live", "--to", rtmp_server.url("first"), show="friday")
    yield engine
    try:
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()


def test_a_destination_added_while_live_goes_out_and_removing_it_leaves_the_others(live_engine, rtmp_server,
                                                                                    tmp_path):
    seen: list[str] = []
    with live_engine.client() as client, live_engine.client() as watcher:
        watcher.on_event(lambda kind, data: seen.append(json.dumps([kind, data])))
        wait_until(lambda: any(d["state"] == "live" for d in client.vendor("GetShowState")["destinations"]),
                   what="the first destination live")
        answer = client.vendor("AddDestination", {"name": "shop", "preset": "custom",
                                                  "url": f"rtmp://127.0.0.1:{rtmp_server.port}/live", "key": KEY})
        seen.append(json.dumps(answer))
        assert answer["active"] is True and answer["canvas"] == "landscape" and answer["name"] == "shop"
        wait_until(lambda: (_destination(client.vendor("GetShowState"), "shop") or {}).get("state") == "live",
                   what="the added destination live")
        streams = _probe_live_stream(rtmp_server.url(KEY))["streams"]
        video = next(s for s in streams if s["codec_type"] == "video")
        assert video["codec_name"] == "h264" and (video["width"], video["height"]) == (640, 360)
        wait_until(lambda: any("DestinationListChanged" in text and '"added"' in text for text in seen),
                   what="the DestinationListChanged event")

        removed = client.vendor("RemoveDestination", {"name": "shop"})
        seen.append(json.dumps(removed))
        assert removed["active"] is False
        state = client.vendor("GetShowState")
        seen.append(json.dumps(state))
        assert _destination(state, "shop") is None
        assert [d["state"] for d in state["destinations"]] == ["live"]       # the first one goes on
        # nginx saw the added stream end (its recording stops growing) while the first one's grows on
        wait_for_file_to_settle(rtmp_server.recording(KEY), timeout_s=20)
        first = rtmp_server.recording("first")
        size = first.stat().st_size
        wait_until(lambda: first.stat().st_size > size, what="the first destination still receiving")
        wait_until(lambda: any('"removed"' in text for text in seen), what="the removal announced")
        listed = live_engine.control("state")
        seen += [listed.stdout, listed.stderr]
        argv = other_process_cmdlines()
    shown = seen + argv + [live_engine.log()]
    assert not [text for text in shown if KEY in text]
    for path in tmp_path.glob("studio.db*"):
        assert KEY.encode() not in path.read_bytes(), path
    key_file = Path(live_engine.env["STUDIO_KEY_FILE"])      # removed: the key store forgot it
    assert not key_file.exists() or KEY.encode() not in key_file.read_bytes()


def test_refusals_name_the_field_and_store_nothing(live_engine, rtmp_server):
    with live_engine.client() as client:
        cases = [
            ({"name": "bad", "preset": "custom", "url": "http://example.com/live", "key": KEY}, "'url'"),
            ({"name": "tt", "preset": "tiktok", "url": "rtmps://push.tiktokcdn.com/stage", "key": KEY}, "'canvas'"),
            ({"name": "fb", "preset": "facebook", "key": KEY, "canvas": "square"}, "'canvas'"),
            ({"name": "no key", "preset": "custom", "url": "rtmp://127.0.0.1/live"}, "'name'"),
            ({"name": "nokey", "preset": "custom", "url": f"rtmp://127.0.0.1:{rtmp_server.port}/live"}, "'key'"),
            ({"name": "x", "preset": "myspace", "key": KEY}, "'preset'"),
        ]
        for data, field in cases:
            with pytest.raises(ControlError) as refused:
                client.vendor("AddDestination", data)
            assert field in refused.value.comment, refused.value.comment
            assert KEY not in refused.value.comment
        with pytest.raises(ControlError) as missing:
            client.vendor("RemoveDestination", {"name": "nothing-here"})
        assert missing.value.code == 600
    listed = live_engine.control("state")
    names = [d.get("name") for d in json.loads(listed.stdout)["destinations"]]
    assert names == [None]


def test_disable_keeps_it_listed_off_and_enable_puts_it_back_live(live_engine, rtmp_server):
    with live_engine.client() as client:
        client.vendor("AddDestination", {"name": "shop", "preset": "custom", "enabled": False,
                                         "url": f"rtmp://127.0.0.1:{rtmp_server.port}/live", "key": KEY})
        off = _destination(client.vendor("GetShowState"), "shop")
        assert off["state"] == "disabled" and off["enabled"] is False and off["active"] is False
        assert client.vendor("SetDestinationEnabled", {"name": "shop", "enabled": True})["active"] is True
        wait_until(lambda: (_destination(client.vendor("GetShowState"), "shop") or {}).get("state") == "live",
                   what="the enabled destination live")
        client.vendor("SetDestinationEnabled", {"name": "shop", "enabled": False})
        off = _destination(client.vendor("GetShowState"), "shop")
        assert off["state"] == "disabled"
    listed = run_studio("destination", "list", "--json", extra_env=user_env(live_engine.root))
    assert [(d["name"], d["state"], d["key"]) for d in json.loads(listed.stdout)] == [("shop", "disabled", "set")]


def test_studio_control_destination_commands(live_engine, rtmp_server):
    env = {**user_env(live_engine.root), "SHOP_KEY": KEY}
    url = f"rtmp://127.0.0.1:{rtmp_server.port}/live"
    added = run_studio("control", "destination", "add", "shop", "--preset", "custom", "--url", url,
                       "--key-env", "SHOP_KEY", extra_env=env)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["active"] is True and KEY not in added.stdout + added.stderr
    refused = run_studio("control", "destination", "add", "fb", "--preset", "facebook", "--canvas", "vertical",
                         "--key-env", "SHOP_KEY", extra_env=env)
    assert refused.returncode != 0 and "'canvas'" in refused.stderr and KEY not in refused.stderr
    on_cli = run_studio("control", "destination", "add", "cli", "--preset", "custom", "--url", url,
                        "--key", KEY, extra_env=env)
    assert on_cli.returncode != 0 and "--key-env" in on_cli.stderr and KEY not in on_cli.stderr
    for verb, state in (("disable", "disabled"), ("enable", None), ("remove", None)):
        done = run_studio("control", "destination", verb, "shop", extra_env=env)
        assert done.returncode == 0, done.stderr
        shop = _destination(json.loads(live_engine.control("state").stdout), "shop")
        if verb == "remove":
            assert shop is None
        elif state:
            assert shop["state"] == state
        else:
            assert shop["enabled"] is True
