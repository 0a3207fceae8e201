"""The "now featured" stream: Server-Sent Events of the store events, and the page that shows them.

A viewer connecting late first gets `snapshot` (what airs now), then every store event as it
happens. Each viewer has a bounded queue; one that does not read is dropped (EventSource reconnects
by itself) and never slows the others or the gateway. CORS is open: a retailer's own page may read
the stream; it carries nothing the broadcast does not show.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
from pathlib import Path

from studio.gateway import store_limits as limits
from studio.gateway.store_events import StoreEvents
from studio.gateway.store_http import Request, Response, stream_head

PAGE = Path(__file__).with_name("now_featured.html")
CORS = {"access-control-allow-origin": "*"}


def sse_message(event: str, data: dict | None) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'), ensure_ascii=False)}\n\n".encode()


class NowFeatured:
    def __init__(self, events: StoreEvents):
        self.events = events
        self._viewers: set[asyncio.Queue] = set()

    @property
    def viewers(self) -> int:
        return len(self._viewers)

    def publish(self, event_type: str, data: dict) -> None:
        message = sse_message(event_type, data)
        for queue in list(self._viewers):
            if queue.qsize() >= limits.MAX_QUEUED_SSE_EVENTS:
                self._viewers.discard(queue)
                queue.put_nowait(None)       # its writer ends the stream
            else:
                queue.put_nowait(message)

    async def stream(self, request: Request, writer: asyncio.StreamWriter) -> None:
        queue: asyncio.Queue = asyncio.Queue()
        self._viewers.add(queue)
        try:
            writer.write(stream_head(CORS) + b"retry: 1000\n\n" + sse_message("snapshot", self.events.snapshot()))
            await writer.drain()
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), limits.SSE_KEEPALIVE_S)
                except asyncio.TimeoutError:
                    message = b": keep-alive\n\n"
                if message is None:
                    return
                writer.write(message)
                await writer.drain()
        finally:
            self._viewers.discard(queue)

    async def page(self, request: Request, writer) -> Response:
        return Response(200, PAGE.read_bytes(), "text/html; charset=utf-8")

    async def state(self, request: Request, writer) -> Response:
        return Response(200, json.dumps(self.events.snapshot()).encode(), "application/json", CORS)

    async def image(self, request: Request, writer) -> Response:
        featured = self.events.featured
        path = Path(featured["image_path"]) if featured and featured.get("image_path") else None
        if path is None or not path.is_file() or path.stat().st_size > limits.MAX_IMAGE_BYTES:
            return Response.text(404, "no image on air")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = await asyncio.get_running_loop().run_in_executor(None, path.read_bytes)
        return Response(200, data, content_type, CORS)
