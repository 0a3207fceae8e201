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


def shapes(port: int) -> dict[str, tuple[str, str]]:
    """name -> (URL as a user may paste it, the key inside it): every shape the one parser splits."""
    base = f"127.0.0.1:{port}"
    keys = {name: f"sk_{name}_{index}9c1e5b2d4f60a7" for index, name in enumerate(
        ("path", "slash", "query", "slashquery", "capitals", "mixed", "to-query", "to-slash"))}
    return {
        "path": (f"rtmp://{base}/live/{keys['path']}", keys["path"]),
        "slash": (f"rtmp://{base}/live/{keys['slash']}/", keys["slash"]),
        "query": (f"rtmp://{base}/live?key={keys['query']}", keys["query"]),
        "slashquery": (f"rtmp://{base}/live/?streamKey={keys['slashquery']}", keys["slashquery"]),
        "capitals": (f"RTMP://{base}/live/{keys['capitals']}", keys["capitals"]),
        "mixed": (f"  Rtmp://{base}/live?stream_key={keys['mixed']}  ", keys["mixed"]),
        "to-query": (f"rtmp://{base}/live?streamKey={keys['to-query']}", keys["to-query"]),
        "to-slash": (f"RTMP://{base}/live/{keys['to-slash']}/", keys["to-slash"]),
    }


def test_every_pasted_url_shape_is_split_and_no_key_leaks_anywhere(rtmp_server, tmp_path, monkeypatch):
    """Issue 14.3: keys in the path, after a trailing slash, in the query, RTMP:// in capitals."""
    db = str(tmp_path / "studio.db")
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "keys.json"))
    all_shapes = shapes(rtmp_server.port)
    stored = {name: shape for name, shape in all_shapes.items() if not name.startswith("to-")}
    outputs: list[str] = []

    def studio(*args: str) -> str:
        result = run_studio(*args, "--db", db)
        assert result.returncode == 0, result.stderr
        outputs.extend((result.stdout, result.stderr))
        return result.stdout

    for name, (url, _) in stored.items():
        assert "held a stream key: moved ****" in studio("destination", "add", name, "--preset", "custom", "--url", url).lower()
    studio("show", "create", "friday")
    studio("rundown", "add", "friday", "--kind", "opening", "--duration", "5", "--cue", "logo@0")
    stats = tmp_path / "stats.json"
    to_args = [arg for name, (url, _) in all_shapes.items() if name.startswith("to-") for arg in ("--to", url)]
    live = LiveBroadcast(("--duration", "5", "--size", "320x180", "--all-destinations", *to_args, "--show", "friday",
                          "--auto-advance", "--stats-json", str(stats), "--db", db))
    live.wait_for_line("-> live", 30)
    argv_seen = [line for line in other_process_cmdlines() if " broadcast " not in line]  # ours apart from the user's
    assert live.wait() == 0, live.text()
    outputs.append(live.text())
    outputs.append(studio("destination", "list", "--json"))
    outputs.append(studio("destination", "list"))
    outputs.append(studio("preflight"))
    exports = [studio("show", "export", "friday", "--format", fmt) for fmt in ("json", "csv", "webvtt")]
    export_file = tmp_path / "export.json"
    studio("show", "export", "friday", "--format", "json", "-o", str(export_file))

    for name, (_, key) in all_shapes.items():
        wait_for_file_to_settle(rtmp_server.recording(key))  # the server got this key as the stream name
        for text in outputs + exports:
            assert key not in text, name
        for text in argv_seen:
            assert key not in text, name
        for path in [stats, export_file, *tmp_path.glob("studio.db*")]:
            assert key.encode() not in path.read_bytes(), (name, path)
    assert live.text().count("****") >= len(all_shapes)
