"""The engine sends answers and events to the gateway in the order it made them.

A GetShowState answer made before a CountdownChanged must reach the client before it: a client applies
both as they come, and a snapshot read before the countdown started, arriving after its event, wipes
the countdown off the host view until the next change (a clean-clone run's host view never showed one).
Answers and events used to wait in two queues, the answers first: when the sender was busy writing,
an event made after an answer could overtake it.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from types import SimpleNamespace

from studio.core.live.events import EventBus
from studio.core.live.gateway_process import GatewayProcess


class SlowChannel:
    """A channel whose first write takes as long as the test wants (a busy machine, a full socket)."""

    def __init__(self) -> None:
        self.frames: list[dict] = []
        self.writing = threading.Event()
        self.release = threading.Event()
        self.sent_three = threading.Event()

    def send(self, frame: dict) -> None:
        if not self.frames:
            self.writing.set()
            assert self.release.wait(10.0)
        self.frames.append(frame)
        if len(self.frames) >= 3:
            self.sent_three.set()


def answered(result: dict) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


def test_an_answer_made_before_an_event_reaches_the_gateway_before_it():
    session = SimpleNamespace(settings=SimpleNamespace(width=640, height=360),
                              plan=SimpleNamespace(show=SimpleNamespace(name="friday", db_path=None)))
    bus = EventBus()
    gateway = GatewayProcess(SimpleNamespace(session=session), bus, "secret", "127.0.0.1", 0, False)
    channel = SlowChannel()
    gateway._channel = channel
    sender = threading.Thread(target=gateway._send_loop, daemon=True)
    sender.start()
    try:
        gateway._answered(gateway._generation, 1, answered({"take": "done"}))
        assert channel.writing.wait(10.0), "the sender writes the first answer"
        # while it writes: the snapshot's answer, then the event of a change made after the snapshot
        gateway._answered(gateway._generation, 2, answered({"countdown": None}))
        bus.vendor("CountdownChanged", {"countdown": {"label": "Deal ends in", "ends_at_s": 300.0}})
        channel.release.set()
        assert channel.sent_three.wait(10.0), channel.frames
        order = [frame.get("id", frame.get("type")) for frame in channel.frames]
        assert order == [1, 2, "CountdownChanged"], f"sent in the order made: {order}"
    finally:
        gateway.stop()
        sender.join(10.0)
