"""A GetShowState answered after a change never shows the state from before it.

The engine builds one snapshot per frame for every client that asks in that frame. A change applied
later in the same frame (another client's StartCountdown) must not be answered with the snapshot made
before it: a client reading answers and events in the engine's order (the host view) would apply the
stale snapshot after the CountdownChanged event and lose the countdown until the next one.

(The state runs ahead of the announcement by design: a snapshot between a command and its event may
already show it. So only the answers between an event and the producer's next command are judged.)
"""

from __future__ import annotations

import threading

import pytest

from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.slow]
ROUNDS = 30


def test_a_snapshot_after_a_countdown_change_shows_the_change(engine_factory):
    engine = engine_factory("--size", "320x180")
    stop = threading.Event()
    lock = threading.Lock()
    expected: list[bool | None] = [None]     # the countdown the reader must see; None: a change is on its way
    heard: list[bool] = []
    judged: list[int] = [0]
    stale: list[str] = []

    def hammer() -> None:                      # other clients reading the state as often as they can
        with engine.client() as other:
            while not stop.is_set():
                other.vendor("GetShowState")

    with engine.client() as reader, engine.client() as producer:
        def on_event(kind: str, data: dict) -> None:
            if kind == "CountdownChanged":
                with lock:
                    heard.append(data.get("countdown") is not None)
                    expected[0] = heard[-1]

        def on_answer(state: dict) -> None:    # on the reader thread, in the stream's order
            with lock:
                if expected[0] is not None:
                    judged[0] += 1
                    if (state["countdown"] is not None) != expected[0]:
                        stale.append(f"frame {state['frame']}: countdown {state['countdown']} after the event said "
                                     f"running={expected[0]}")

        def change(request: str, data: dict | None, running: bool) -> None:
            with lock:
                expected[0] = None
                count = len(heard)
            producer.vendor(request, data)
            wait_until(lambda: len(heard) > count and heard[-1] == running, 30, f"CountdownChanged after {request}")
            with lock:
                judged_before = judged[0]
            wait_until(lambda: judged[0] > judged_before, 30, f"a state read after {request}'s event")

        reader.on_event(on_event)
        threads = [threading.Thread(target=hammer, daemon=True) for _ in range(2)]
        threads.append(threading.Thread(target=lambda: [reader.vendor("GetShowState", in_order=on_answer)
                                                        for _ in iter(stop.is_set, True)], daemon=True))
        for thread in threads:
            thread.start()
        try:
            for _ in range(ROUNDS):
                change("StartCountdown", {"duration_s": 60, "label": "Deal ends in"}, True)
                change("CancelCountdown", None, False)
        finally:
            stop.set()
            for thread in threads:
                thread.join(30)
    assert judged[0] >= 2 * ROUNDS, "the reader read the state between every two changes"
    assert stale == [], stale[:5]
    assert engine.stop() == 0, engine.log()
