"""`studio control` in a shell: into `| head`, and pointed at things that are not an engine (issue 21, item 6)."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from websockets.sync.server import serve as ws_serve

from tests.broadcast.run_studio import REPO_ROOT, run_studio
from tests.fixtures.engine import user_env
from tests.fixtures.tcp_servers import _LoopbackServer

pytestmark = pytest.mark.slow

STUDIO = f"{sys.executable} -m studio"


def _pipeline(engine, command: str) -> subprocess.Popen:
    """`studio control ... | head -N` in bash; exits with studio's own status."""
    script = f"{STUDIO} control {command}; exit ${{PIPESTATUS[0]}}"
    return subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=engine.env, cwd=REPO_ROOT, start_new_session=True)


def test_watch_into_head_ends_quietly_at_the_closed_pipe(engine):
    pipeline = _pipeline(engine, "watch | head -2")
    deadline = time.monotonic() + 60
    with engine.client() as client:
        while pipeline.poll() is None and time.monotonic() < deadline:
            client.vendor("AddMarker", {"text": "tick"})   # an event for the watcher each time
            time.sleep(0.2)
    if pipeline.poll() is None:
        os.killpg(pipeline.pid, signal.SIGKILL)   # bash and the studio it started
    out, err = pipeline.communicate(timeout=10)
    assert pipeline.returncode == 0, err
    assert len(out.splitlines()) == 2 and "Traceback" not in err and "BrokenPipe" not in err, err
    assert err == "", err


@pytest.mark.parametrize("command, shown", [("state | head -1", "{\n"),
                                             ("state | true", "")])   # the reader gone before the first write
def test_state_into_head_ends_quietly(engine, command, shown):
    pipeline = _pipeline(engine, command)
    out, err = pipeline.communicate(timeout=60)
    assert out == shown
    assert pipeline.returncode == 0 and err == "", err


class _JunkServer(_LoopbackServer):
    """Speaks first, in something that is not HTTP."""

    def __init__(self) -> None:
        super().__init__(socket.create_server(("127.0.0.1", 0)))

    def handle(self, connection: socket.socket) -> None:
        connection.sendall(b"\x00\xffSSH-2.0-junk\r\n\r\n" * 4)
        time.sleep(0.2)
        connection.close()


@pytest.fixture
def not_engines():
    """URLs of servers that are not an engine: plain HTTP, TCP junk, a WebSocket that sends text that is not ours."""
    http_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=http_server.serve_forever, daemon=True).start()
    junk = _JunkServer()

    def chatter(connection):
        connection.send("hello, I am not obs-websocket")
        connection.recv()

    def wrong_json(connection):
        connection.send('{"op": 0, "d": {"authentication": "nope"}}')
        connection.recv()

    ws_servers = [ws_serve(handler, "127.0.0.1", 0) for handler in (chatter, wrong_json)]
    for server in ws_servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"http": f"ws://127.0.0.1:{http_server.server_address[1]}",
           "junk": f"ws://127.0.0.1:{junk.port}",
           "websocket-text": f"ws://127.0.0.1:{ws_servers[0].socket.getsockname()[1]}",
           "websocket-wrong-json": f"ws://127.0.0.1:{ws_servers[1].socket.getsockname()[1]}"}
    http_server.shutdown()
    junk.close()
    for server in ws_servers:
        server.shutdown()


def test_every_url_error_is_one_line_with_the_usage_status(not_engines, tmp_path):
    env = {**user_env(tmp_path), "STUDIO_CONTROL_PASSWORD": "not-the-password"}
    urls = {"http scheme": "http://127.0.0.1:4460", "garbage": "garbage", "bad port": "ws://127.0.0.1:99999",
            "broken ipv6": "ws://[::1:4460", **not_engines}
    for what, url in urls.items():
        result = run_studio("control", "--url", url, "state", extra_env=env, timeout_s=60)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2, (what, result.stderr)
        assert len(lines) == 1 and lines[0].startswith("studio: error: --url"), (what, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == "", (what, result.stderr)


def test_a_server_that_speaks_junk_first_is_always_a_connect_error(not_engines):
    """websockets 17 can fail its own assertion when the server talks before the handshake: still one ConnectError."""
    from studio.wire.client import ConnectError, ControlClient

    for _ in range(30):
        with pytest.raises(ConnectError, match="does not speak the control protocol"):
            ControlClient(not_engines["junk"], "x", timeout_s=5).connect()
