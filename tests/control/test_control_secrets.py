"""The control channel never carries a stream key or the control password (extends test_no_secret_leaks);
SIGTERM while live ends the destination's stream cleanly."""

from __future__ import annotations

import json

import pytest

from tests.broadcast.run_studio import run_studio
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.probe import decoded_video_seconds
from tests.broadcast.test_no_secret_leaks import other_process_cmdlines
from tests.fixtures.engine import EngineProcess, install_show, user_env, wait_until

pytestmark = pytest.mark.slow
KEY = "sk_live_c0ntr01ch4nn3l55"


def test_no_key_or_password_in_any_response_event_log_argv_or_file(rtmp_server, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "keys.json"))
    install_show(tmp_path, "friday")
    added = run_studio("destination", "add", "shop", "--preset", "custom", "--url",
                       f"rtmp://127.0.0.1:{rtmp_server.port}/live", "--key-env", "SHOP_KEY",
                       extra_env={**user_env(tmp_path), "SHOP_KEY": KEY})
    assert added.returncode == 0, added.stderr
    engine = EngineProcess(tmp_path, "--size", "640x360", "--destination", "shop", show="friday")
    seen: list[str] = []
    try:
        with engine.client() as client:
            client.on_event(lambda kind, data: seen.append(json.dumps([kind, data])))
            client.request("StartStream")
            wait_until(lambda: any(d["state"] == "live" for d in client.vendor("GetShowState")["destinations"]),
                       what="the destination to go live")
            argv = other_process_cmdlines()
            for request in ("GetOutputList", "GetStreamStatus", "GetStats", "GetVersion"):
                seen.append(json.dumps(client.request(request)))
            label = client.vendor("GetShowState")["destinations"][0]["label"]
            seen.append(json.dumps(client.request("GetOutputStatus", {"outputName": label})))
            seen.append(json.dumps(client.vendor("ReconnectDestination", {"label": label})))
            # The server records each publish afresh: let the reconnected stream run before stopping.
            reconnected_at_s = client.vendor("GetShowState")["stats"]["show_time_s"]
            wait_until(lambda: (s := client.vendor("GetShowState"))["stats"]["show_time_s"] > reconnected_at_s + 3
                       and all(d["state"] == "live" for d in s["destinations"]),
                       what="three seconds of the reconnected stream")
            state = client.vendor("GetShowState")
            seen.append(json.dumps(state))
            cli = engine.control("state")
            seen += [cli.stdout, cli.stderr]
        assert engine.stop() == 0, engine.log()  # SIGTERM while live
    finally:
        engine.kill()
    texts = seen + argv + [engine.log()]
    for secret in (KEY, engine.password):
        assert not [text for text in texts if secret in text]
        for path in [*tmp_path.glob("studio.db*"), *(tmp_path / "runtime").glob("*")]:
            assert secret.encode() not in path.read_bytes(), path
    assert any("****" in text for text in seen), "the destination appears, key masked"
    received = rtmp_server.recording(KEY)
    wait_for_file_to_settle(received)
    assert decoded_video_seconds(received) > 1.0, "the server got a stream that plays to its end"
    assert "stopped" in engine.log(), "the destination was closed cleanly, not lost"
