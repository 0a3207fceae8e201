"""A price edit on air, read off a real engine's recordings (issue 22 item 2).

The TV on air with its card and a price callout, recorded on both canvases; `SetPrice` over the
control API: in each recording, the card and the callout go from the old price to the new one on
the same frame, and on the same frame on both canvases; ProgramProductChanged (what the host view
and the "now featured" widget hear) names that frame. (The defect: the callout carried a copy of
the price and kept $298.00 for the rest of the show while the card showed the new one.)

Each frame's card and callout are judged by their own pixels (the parts of their boxes the other
does not cover), as closer to the last frame before the edit or to the last frame of the recording,
over a still picture (nothing but the graphics moves in their boxes).
"""

from __future__ import annotations

import time

import pytest

from studio.core.graphics.layouts import layout_for
from studio.core.graphics.theme import load_theme
from tests.fixtures.engine import wait_until
from tests.fixtures.recorded_frames import decoded, on_air_at, still_picture_input, switch_frame, wait_until_recorded

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, VW, VH = 640, 360, 720, 1280
SKU = "TV-55-4K"


def regions(width: int, height: int) -> dict[str, tuple[slice, slice]]:
    """The card's and the callout's boxes, each without the rows the other one covers."""
    layout = layout_for(width, height, load_theme())
    card, callout = layout["card"], layout["callout"]
    card_top = card.y
    callout_bottom = callout.y + callout.height
    if callout.y < card.y < callout_bottom:   # the callout's star hangs over the card's top edge
        card_top, callout_bottom = callout_bottom, card.y
    return {"card": (slice(card_top, card.y + card.height), slice(card.x, card.x + card.width)),
            "callout": (slice(callout.y, callout_bottom), slice(callout.x, callout.x + callout.width))}


def test_set_price_changes_card_and_callout_on_the_same_recorded_frame_on_both_canvases(engine_factory, tmp_path):
    engine = engine_factory("--size", f"{W}x{H}", "--input", still_picture_input(tmp_path / "still.png", W, H),
                            "--record", "{root}/landscape.mkv",
                            "--record-vertical", "{root}/vertical.mkv", show="friday")
    with engine.client() as client:
        client.request("StartRecord")
        wait_until_recorded(client)
        client.vendor("TakeProduct", {"sku": SKU})
        client.vendor("ShowGraphic", {"kind": "callout", "params": {"text": "Only today"}})
        time.sleep(1.5)                                   # both entrances over (300 ms)
        announced: list[int] = []
        client.on_event(lambda event_type, data: event_type == "ProgramProductChanged"
                        and (data.get("product") or {}).get("price") == "179.99" and announced.append(data["frame"]))
        before = client.vendor("GetShowState")["frame"]
        assert client.vendor("GetShowState")["program"]["price"] == "298.00"
        client.vendor("SetPrice", {"sku": SKU, "price": "179.99"})
        wait_until(lambda: client.vendor("GetShowState")["program"]["price"] == "179.99", 10, "the new price on air")
        time.sleep(1.5)
        last = client.vendor("GetShowState")["frame"]
    assert engine.stop() == 0, engine.log()

    switched, on_air_s = {}, on_air_at(engine.db_path)
    for name, (width, height) in (("landscape", (W, H)), ("vertical", (VW, VH))):
        frames = decoded(engine.root / f"{name}.mkv", on_air_s)
        old = max(index for index in frames if index <= before)
        new = max(index for index in frames if index <= last)
        assert new - old > 30, (old, new)
        for kind, box in regions(width, height).items():
            switched[(name, kind)] = switch_frame(frames, box, old, new, f"{kind} on the {name} canvas")
    # "now featured": the event that tells the host view and the widgets is for that very frame
    assert announced == [min(switched.values())], (announced, switched)
    assert 0 < min(switched.values()) - before <= 30, (before, switched)   # within a second of the request
    assert len(set(switched.values())) == 1, f"card and callout changed on different frames: {switched}"
