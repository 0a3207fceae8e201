"""A client used as `with ControlClient(...).connect() as client` (as every test and the docs do)
hears each event once: entering the block must not open a second session beside the first, whose
reader thread would hand every event to the same callbacks again."""

from __future__ import annotations

import threading
import time

import pytest

pytestmark = pytest.mark.slow


def test_each_event_is_heard_once(engine_factory):
    engine = engine_factory("--size", "320x180", show="friday")
    heard, done = [], threading.Event()
    with engine.client() as client:
        client.on_event(lambda event_type, data: event_type == "GraphicsChanged" and "lower_third" in data["graphics"]
                        and (heard.append(data), done.set()))
        client.vendor("ShowGraphic", {"kind": "lower_third", "params": {"name": "Maya Chen"}})
        assert done.wait(10)
        time.sleep(0.5)   # a second copy would have arrived by now
    assert engine.stop() == 0, engine.log()
    assert len(heard) == 1, heard
