"""Show-data fixtures: a fresh real SQLite file per test, the CLI, a local HTTP server."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np
import pytest

import studio.cli

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]




@pytest.fixture
def cli(monkeypatch, db_path: Path, capsys) -> Callable[..., tuple[int, str, str]]:
    """Runs `studio ARGS --db <test db>`; returns (exit code, stdout, stderr)."""
    # The engine's commands live on other branches until merged; run whichever import.
    available = []
    for name in studio.cli.COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        available.append(name)
    monkeypatch.setattr(studio.cli, "COMMAND_MODULES", available)

    def run(*args: str, db: bool = True) -> tuple[int, str, str]:
        argv = [str(arg) for arg in args] + (["--db", str(db_path)] if db else [])
        code = studio.cli.main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def png_bytes(width: int = 8, height: int = 6, colour: int = 200) -> bytes:
    ok, encoded = cv2.imencode(".png", np.full((height, width, 3), colour, dtype=np.uint8))
    assert ok
    return encoded.tobytes()


Route = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Clients hanging up mid-response is what the limit tests provoke.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded stdlib HTTP server on 127.0.0.1; tests add routes by path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (stdlib name)
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        self.send_error(404)
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up on purpose (size limit, timeout)

            def log_message(self, *args) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="test-http", daemon=True
        )

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def add_body(self, path: str, body: bytes, content_type: str, status: int = 200) -> None:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.add(path, route)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
