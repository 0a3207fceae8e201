"""A network input's secrets (the stream key of a listening input, an RTSP camera's password, an SRT
passphrase) never reach a command line, which any local user reads in /proc/PID/cmdline and `ps` (neither
the child ffmpeg's nor, with the show's stored inputs, the engine's), nor the database: stored with the
show, they are in the key store. The listening input still receives its pictures, and it refuses a push to
another stream key. Real parts: `studio show inputs`, `studio engine`, its ffmpeg children, the key file,
ffmpeg pushing a test pattern over RTMP."""

from __future__ import annotations

import contextlib
import io
import os
import socket
from pathlib import Path

import pytest

from studio.core.inputs.ingest import ffmpeg_has_protocol
from tests.fixtures.engine import EngineProcess, install_show, user_env, wait_until
from tests.sources.test_network_input import free_port, guest, push

pytestmark = pytest.mark.slow
KEY, PASSWORD, PULL_KEY, PASSPHRASE = "guest-k3y-7f3a9c", "pa55-w0rd-91b2", "pull-k3y-c41d", "srt-phrase-5e6f7a8b"


def ffmpeg_children(parent_pid: int) -> dict[int, str]:
    """{pid: command line} of the ffmpeg processes `parent_pid` started."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        name, rest = stat.split(" (", 1)[1].rsplit(") ", 1)
        if name == "ffmpeg" and int(rest.split()[1]) == parent_pid:
            children[int(entry.name)] = command
    return children


def studio(*args: str) -> str:
    """`studio ARGS` in this process (this test's user state), its output."""
    from studio.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert main(list(args)) == 0
    return out.getvalue()


def test_network_inputs_keep_their_secrets_off_the_command_line_and_refuse_another_key(tmp_path, monkeypatch):
    import keyring.core
    from keyring.backends import fail

    for name, value in user_env(tmp_path).items():      # the key file the engine reads, under tmp_path
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    held = socket.socket()               # a server that never answers: the pulling children stay up, connecting
    held.bind(("127.0.0.1", 0))
    held.listen(8)
    pull_port, listen_port = held.getsockname()[1], free_port()
    listen_url = f"rtmp://127.0.0.1:{listen_port}/live/{KEY}"
    inputs = [f"guest={listen_url}?listen=1", f"cam=rtsp://producer:{PASSWORD}@127.0.0.1:{pull_port}/stream",
              f"encoder=rtmp://127.0.0.1:{pull_port}/live/{PULL_KEY}"]
    secrets = [KEY, PASSWORD, PULL_KEY]
    if ffmpeg_has_protocol("srt"):
        inputs.append(f"phone=srt://127.0.0.1:{free_port()}?mode=listener&passphrase={PASSPHRASE}")
        secrets.append(PASSPHRASE)
    install_show(tmp_path, "friday")
    studio("show", "inputs", "friday", "--add", "host=test", *[arg for spec in inputs for arg in ("--add", spec)])
    listing = studio("show", "inputs", "friday")
    assert "guest=rtmp://127.0.0.1" in listing and not [s for s in secrets if s in listing], listing
    assert not [s for s in secrets if s.encode() in (tmp_path / "studio.db").read_bytes()], "a secret in the database"
    engine = EngineProcess(tmp_path, "--size", "640x360", show="friday")     # the show's own inputs: no --input
    pushers = [push(f"rtmp://127.0.0.1:{listen_port}/live/someone-else")]
    try:
        with engine.client() as client:
            engine.wait_for_line(r"input guest: .*refused a push to another stream key", 60)
            assert guest(client)["state"] != "live" and guest(client)["fps"] == 0, "another key's pictures are not shown"
            pushers[0].kill()

            def own_key_pictures_flow() -> bool:
                if pushers[-1].poll() is not None:    # pushed before the input listened again: push again, as Larix does
                    pushers.append(push(listen_url))
                return guest(client)["state"] == "live" and guest(client)["fps"] >= 15

            wait_until(own_key_pictures_flow, 60, "the pictures pushed to the input's own key")
            wait_until(lambda: len(ffmpeg_children(engine.process.pid)) == len(inputs), 30,
                       "a receiving ffmpeg per network input")
            engine_command = Path(f"/proc/{engine.process.pid}/cmdline").read_bytes().decode()
            assert not [s for s in secrets if s in engine_command], f"a secret in the engine's argv: {engine_command}"
            for pid, command in ffmpeg_children(engine.process.pid).items():
                assert not [s for s in secrets if s in command], f"a secret in ffmpeg {pid}'s argv: {command}"
                assert os.stat(f"/proc/{pid}").st_uid == os.getuid()
        assert engine.stop() == 0, engine.log()
    finally:
        for pusher in pushers:
            pusher.kill()
        engine.kill()
        held.close()
    assert not [s for s in secrets if s in engine.log()], "a secret in the engine's log"
