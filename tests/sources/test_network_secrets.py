"""A network input's secrets (the stream key of a listening input, an RTSP camera's password, an SRT
passphrase) never reach the child ffmpeg's command line, which any local user reads in /proc/PID/cmdline
and `ps`; the listening input still receives its pictures, and it refuses a push to another stream key.
Real parts: `studio engine`, its ffmpeg children, ffmpeg pushing a test pattern over RTMP."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from studio.core.inputs.ingest import ffmpeg_has_protocol
from tests.fixtures.engine import EngineProcess, wait_until
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


def test_network_inputs_keep_their_secrets_off_the_command_line_and_refuse_another_key(tmp_path):
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
    engine = EngineProcess(tmp_path, "--size", "640x360", "--input", "host=test",
                           *[arg for spec in inputs for arg in ("--input", spec)], show="friday")
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
