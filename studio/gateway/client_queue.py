"""One connection's outgoing side: its codec, its byte-capped queues, its sender task.

Answers always go out; events are bounded in count and in bytes (the oldest are dropped and the
client is told how many with an EventsMissed vendor event). Each message is encoded for this
client's codec; one that the codec cannot carry (a NaN for JSON, an integer beyond 64 bits or a
lone surrogate for MessagePack) is made safe for this client only (studio.wire.text_safety).
"""

from __future__ import annotations

import asyncio
import collections
import json
import time

import msgpack
from websockets.asyncio.server import ServerConnection

from studio.gateway.limits import (
    MAX_COMMANDS_IN_FLIGHT_PER_CLIENT, MAX_QUEUED_BYTES_PER_CLIENT, MAX_QUEUED_EVENTS_PER_CLIENT, REQUEST_BURST,
    REQUESTS_PER_S,
)
from studio.wire.protocol import VENDOR_NAME, Op, Subscription
from studio.wire.text_safety import wire_safe

MSGPACK = "obswebsocket.msgpack"


def encode(message: dict, codec: str | None) -> str | bytes:
    """JSON text, or MessagePack for clients that asked for obswebsocket.msgpack (obs-websocket-js
    under Node, hence Companion). Never raises for what a message holds: see the module's doc."""
    try:
        if codec == MSGPACK:
            return msgpack.packb(message, use_bin_type=True)
        return json.dumps(message, allow_nan=False)
    except (ValueError, TypeError, OverflowError, UnicodeEncodeError):
        safe = wire_safe(message, allow_nan=codec == MSGPACK)
        return msgpack.packb(safe, use_bin_type=True) if codec == MSGPACK else json.dumps(safe, allow_nan=False)


def event_message(event_type: str, data: dict, intent: int) -> dict:
    return {"op": int(Op.EVENT), "d": {"eventType": event_type, "eventIntent": int(intent), "eventData": data}}


class ClientQueue:
    def __init__(self, websocket: ServerConnection, subscriptions: int):
        self.websocket = websocket
        self.codec = websocket.subprotocol
        self.subscriptions = subscriptions
        self.responses: collections.deque[str | bytes] = collections.deque()
        self.events: collections.deque[str | bytes] = collections.deque()
        self.queued_bytes = 0
        self.missed = 0
        self.wake = asyncio.Event()
        self.commands_in_flight = asyncio.Semaphore(MAX_COMMANDS_IN_FLIGHT_PER_CLIENT)
        self._tokens = float(REQUEST_BURST)
        self._tokens_at = time.monotonic()

    def take_tokens(self, count: int = 1) -> bool:
        """Rate limit: one token per request, a batch costs one per request in it."""
        now = time.monotonic()
        self._tokens = min(REQUEST_BURST, self._tokens + (now - self._tokens_at) * REQUESTS_PER_S)
        self._tokens_at = now
        if self._tokens < count:
            return False
        self._tokens -= count
        return True

    @property
    def answers_backed_up(self) -> bool:
        return self.queued_bytes > MAX_QUEUED_BYTES_PER_CLIENT and bool(self.responses)

    def send_response(self, message: dict) -> None:
        encoded = encode(message, self.codec)
        self.responses.append(encoded)
        self.queued_bytes += len(encoded)
        self.wake.set()

    def send_event(self, encoded: str | bytes) -> None:
        self.events.append(encoded)
        self.queued_bytes += len(encoded)
        while self.events and (len(self.events) > MAX_QUEUED_EVENTS_PER_CLIENT
                               or self.queued_bytes > MAX_QUEUED_BYTES_PER_CLIENT):
            self.queued_bytes -= len(self.events.popleft())
            self.missed += 1
        self.wake.set()

    async def sender(self, counter: list[int]) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.responses or self.events or self.missed:
                if self.responses:
                    text = self.responses.popleft()
                    self.queued_bytes -= len(text)
                elif self.missed:
                    text = encode(event_message("VendorEvent", {"vendorName": VENDOR_NAME, "eventType": "EventsMissed",
                                                                "eventData": {"count": self.missed}},
                                                Subscription.VENDORS), self.codec)
                    self.missed = 0
                else:
                    text = self.events.popleft()
                    self.queued_bytes -= len(text)
                await self.websocket.send(text)
                counter[0] += 1
