"""The store's HTTP side of the gateway: a small HTTP/1.1 server on the loop (no framework needed for
five routes), bounded by studio/gateway/store_limits.py. Routes are given as a table of handlers;
a handler answers a `Request` with a `Response`, or takes the connection over (the SSE stream).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from studio.gateway import store_limits as limits

log = logging.getLogger(__name__)


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]          # names lower-case
    body: bytes
    peer: str


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, text: str) -> "Response":
        return cls(status, (text + "\n").encode())


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable["Response | None"]]


class HttpServer:
    def __init__(self, routes: dict[tuple[str, str], Handler], host: str, port: int):
        self.routes, self.host, self.port = routes, host, port
        self.open_connections = 0

    async def serve(self, on_listening: Callable[[int], None], stopped: asyncio.Event) -> None:
        server = await asyncio.start_server(self._connection, self.host, self.port, limit=limits.MAX_REQUEST_HEAD_BYTES)
        async with server:
            self.port = server.sockets[0].getsockname()[1]
            on_listening(self.port)
            await stopped.wait()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        try:
            if self.open_connections > limits.MAX_HTTP_CONNECTIONS:
                await _write(writer, Response.text(503, f"at most {limits.MAX_HTTP_CONNECTIONS} connections"))
                return
            try:
                request = await asyncio.wait_for(_read_request(reader, writer), limits.REQUEST_TIMEOUT_S)
            except _Refused as refused:
                await _write(writer, refused.response)
                return
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                return
            handler = self.routes.get((request.method, request.path))
            if handler is None:
                known = any(path == request.path for _, path in self.routes)
                await _write(writer, Response.text(405 if known else 404, "method not allowed" if known else "not found"))
                return
            response = await handler(request, writer)
            if response is not None:
                await _write(writer, response)
        except (ConnectionError, asyncio.CancelledError):
            pass
        except Exception:   # one request's bug is that request's 500, never the gateway's end
            log.exception("store HTTP handler failed")
            try:
                await _write(writer, Response.text(500, "internal error"))
            except ConnectionError:
                pass
        finally:
            self.open_connections -= 1
            writer.close()


class _Refused(Exception):
    def __init__(self, response: Response):
        self.response = response


async def _read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Request:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise _Refused(Response.text(431, "request head too large")) from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _Refused(Response.text(400, "bad request line"))
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, sep, value = line.partition(":")
            if not sep:
                raise _Refused(Response.text(400, "bad header"))
            headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise _Refused(Response.text(411, "send a Content-Length"))
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError:
        raise _Refused(Response.text(400, "bad Content-Length")) from None
    if length < 0 or length > limits.MAX_REQUEST_BODY_BYTES:
        raise _Refused(Response.text(413, f"at most {limits.MAX_REQUEST_BODY_BYTES} bytes"))
    body = await reader.readexactly(length) if length else b""
    target = urlsplit(parts[1])
    peer = writer.get_extra_info("peername")
    return Request(parts[0], target.path, target.query, headers, body, str(peer[0]) if peer else "")


async def _write(writer: asyncio.StreamWriter, response: Response) -> None:
    reason = HTTPStatus(response.status).phrase
    headers = {"content-type": response.content_type, "content-length": str(len(response.body)),
               "connection": "close", "cache-control": "no-store", **response.headers}
    head = f"HTTP/1.1 {response.status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    writer.write(head.encode("latin-1") + response.body)
    await writer.drain()


def stream_head(extra: dict[str, str] | None = None) -> bytes:
    headers = {"content-type": "text/event-stream", "cache-control": "no-store", "connection": "keep-alive",
               "x-accel-buffering": "no", **(extra or {})}
    return ("HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode("latin-1")
