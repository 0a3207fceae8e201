"""Events from the engine to control clients: plain data, queued, serialised elsewhere.

The engine thread only puts small dicts on a queue; the control service takes
them off on its own thread, serialises them and hands them to each client's
bounded queue. A slow client can therefore never stall a frame.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass

from studio.wire.protocol import Subscription


@dataclass(frozen=True)
class Event:
    event_type: str
    data: dict
    intent: Subscription = Subscription.VENDORS
    vendor: bool = True    # a live-shopping VendorEvent rather than an OBS event


class EventBus:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Event] = queue.SimpleQueue()

    def vendor(self, event_type: str, data: dict) -> None:
        self._queue.put(Event(event_type, data))

    def obs(self, event_type: str, data: dict, intent: Subscription) -> None:
        self._queue.put(Event(event_type, data, intent, vendor=False))

    def get(self, timeout_s: float) -> Event | None:
        try:
            return self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None
