"""Events from the engine to control clients: plain data, queued, serialised elsewhere.

The engine thread only puts small dicts on a queue; the gateway's sender takes
them off on its own thread, serialises them and hands them to each client's
bounded queue. A slow client can therefore never stall a frame. Answers to
commands go through the same queue, so the gateway sends answers and events
in the order the engine made them: a snapshot read before a change never
reaches a client after the change's event.
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

    def put_in_order(self, item: tuple) -> None:
        """An answer (or the sender's stop), queued behind the events made before it and ahead of those after."""
        self._queue.put(item)

    def get(self, timeout_s: float | None) -> Event | tuple | None:
        """The oldest item, waiting up to `timeout_s` (None: until there is one); None when none came."""
        try:
            return self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None
