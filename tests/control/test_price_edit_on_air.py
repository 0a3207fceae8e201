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

import av
import numpy as np
import pytest

from studio.core.graphics.layouts import layout_for
from studio.core.graphics.theme import load_theme
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, VW, VH, FPS = 640, 360, 720, 1280, 30
SKU = "TV-55-4K"


def decoded(path, on_air_s: float) -> dict[int, np.ndarray]:
    """The recording's frames by engine frame number (its 0:00 is the frame the as-run's on_air names)."""
    with av.open(str(path)) as container:
        frames = [(frame.time, frame.to_ndarray(format="bgr24")) for frame in container.decode(video=0)]
    first = frames[0][0]
    return {round((on_air_s + time_s - first) * FPS): picture for time_s, picture in frames}


def on_air_at(db_path) -> float:
    db = open_database(db_path)
    try:
        _, events = load_events(db, get_show(db, "friday").id)
    finally:
        db.close()
    return next(event["show_time_s"] for event in events if event["event"] == "on_air")


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


def switch_frame(frames: dict[int, np.ndarray], box: tuple[slice, slice], old: int, new: int, what: str) -> int:
    """The first frame after `old` whose box looks like `new`'s rather than `old`'s (and stays so)."""
    def looks_new(index: int) -> bool:
        here = frames[index][box].astype(np.int16)
        return np.abs(here - frames[new][box]).mean() < np.abs(here - frames[old][box]).mean()
    changed = float(np.abs(frames[new][box].astype(np.int16) - frames[old][box]).mean())
    assert changed > 0.5, f"the {what} never changed (the old price stayed on air)"
    after = [index for index in sorted(frames) if old < index <= new]
    flags = [looks_new(index) for index in after]
    assert flags and flags[-1], f"the {what} did not end on the new picture"
    first = flags.index(True)
    assert all(flags[first:]), f"the box went back to the old picture: {list(zip(after, flags))}"
    return after[first]


def still_picture(path) -> str:
    """A still, textured picture to air under the graphics: a moving one (the test card's white square)
    would change the boxes' transparent corners and be read as the graphic changing."""
    rows, columns = np.mgrid[0:H, 0:W]
    image = np.stack([(rows * 3) % 256, (columns * 2) % 256, ((rows + columns) * 5) % 256], axis=-1).astype(np.uint8)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("png")
        stream.width, stream.height, stream.pix_fmt = W, H, "rgb24"
        for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return f"host=image:{path}"


def test_set_price_changes_card_and_callout_on_the_same_recorded_frame_on_both_canvases(engine_factory, tmp_path):
    engine = engine_factory("--size", f"{W}x{H}", "--input", still_picture(tmp_path / "still.png"),
                            "--record", "{root}/landscape.mkv",
                            "--record-vertical", "{root}/vertical.mkv", show="friday")
    with engine.client() as client:
        client.request("StartRecord")
        wait_until(lambda: client.vendor("GetShowState")["recording"], 30, "the recordings")
        time.sleep(2.5)                                   # the recordings start at the next keyframe (2 s)
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
