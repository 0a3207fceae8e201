"""The store page's HTTP server refuses what it must not take, by its limits, before any handler runs."""

from __future__ import annotations

import asyncio

import pytest

from studio.gateway import store_limits
from studio.gateway.store_http import HttpServer, Response


async def _exchange(port: int, raw: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("raw, status", [
    (b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 200),
    (b"GET /nowhere HTTP/1.1\r\n\r\n", 404),
    (b"GET /echo HTTP/1.1\r\n\r\n", 405),
    (b"POST /echo HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (store_limits.MAX_REQUEST_BODY_BYTES + 1), 413),
    (b"POST /echo HTTP/1.1\r\nX-Big: " + b"a" * (store_limits.MAX_REQUEST_HEAD_BYTES + 10) + b"\r\n\r\n", 431),
    (b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
    (b"POST /fail HTTP/1.1\r\n\r\n", 500),
    (b"NONSENSE\r\n\r\n", 400),
])
def test_requests_and_refusals(raw, status):
    async def echo(request, writer):
        return Response(200, request.body)

    async def fail(request, writer):
        raise RuntimeError("a handler's bug")

    async def main():
        stopped = asyncio.Event()
        listening = asyncio.get_running_loop().create_future()
        server = HttpServer({("POST", "/echo"): echo, ("POST", "/fail"): fail}, "127.0.0.1", 0)
        task = asyncio.create_task(server.serve(listening.set_result, stopped))
        port = await listening
        answer = await _exchange(port, raw)
        stopped.set()
        await task
        return answer

    answer = asyncio.run(main())
    assert _status(answer) == status, answer[:200]
    if status == 200:
        assert answer.endswith(b"\r\n\r\nhello")
