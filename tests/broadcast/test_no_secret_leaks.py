"""A whole broadcast with known stream keys: no key in any output, file or argv of ours."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.broadcast.live_process import LiveBroadcast
from tests.broadcast.run_studio import run_studio
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle

pytestmark = pytest.mark.slow

KEYS = {"shop-a": "sk_live_7f3a9c1e5b2d4f60", "shop-b": "sk_live_0a1b2c3d4e5f6789"}


def other_process_cmdlines() -> list[str]:
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue
    return lines


def test_stream_keys_never_leave_the_key_store(rtmp_server, tmp_path, monkeypatch):
    db = tmp_path / "studio.db"
    key_file = tmp_path / "keys.json"
    monkeypatch.setenv("STUDIO_KEY_FILE", str(key_file))
    outputs: list[str] = []
    for name, key in KEYS.items():
        env = {"SHOP_KEY": key}
        result = run_studio("destination", "add", name, "--preset", "custom", "--url",
                            f"rtmp://127.0.0.1:{rtmp_server.port}/live", "--key-env", "SHOP_KEY", "--db", str(db),
                            extra_env=env)
        assert result.returncode == 0, result.stderr
        outputs += [result.stdout, result.stderr]

    stats = tmp_path / "stats.json"
    recording = tmp_path / "show.mkv"
    live = LiveBroadcast(("--duration", "6", "--size", "640x360", "--destination", "shop-a", "--destination", "shop-b",
                          "--record", str(recording), "--stats-json", str(stats), "--db", str(db)))
    live.wait_for_line("-> live", 20)
    argv_seen = other_process_cmdlines()
    assert live.wait() == 0, live.text()
    outputs.append(live.text())
    for result in (run_studio("destination", "list", "--json", "--db", str(db)),
                   run_studio("preflight", "--destination", "shop-a", "--db", str(db))):
        outputs += [result.stdout, result.stderr]

    for key in KEYS.values():
        wait_for_file_to_settle(rtmp_server.recording(key))  # the server did get the key
        for text in outputs + argv_seen:
            assert key not in text
        for path in [stats, recording, *tmp_path.glob("studio.db*")]:
            assert key.encode() not in path.read_bytes(), path
    assert "****" in live.text(), "destinations are shown with their keys masked"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
