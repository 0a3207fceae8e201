"""The switcher without an engine: newest picture wins, a lost input holds then shows its own slate and
recovers, Preview and Take, layouts in I420 matching BGR, and the input specs' refusals."""

from __future__ import annotations

import time

import numpy as np
import pytest

from studio.core import picture
from studio.core.canvas import Canvas
from studio.core.inputs.feed import InputFeed
from studio.core.inputs.layout import Layout
from studio.core.inputs.layouts import boxes, compose
from studio.core.inputs.ingest import ffmpeg_has_protocol
from studio.core.inputs.network import parse_network_spec
from studio.core.inputs.specs import open_input, split_input
from studio.core.inputs.switcher import Switcher
from studio.errors import UserInputError

W, H = 320, 180


def solid(bgr) -> np.ndarray:
    frame = np.zeros((H, W, 3), np.uint8)
    frame[:] = bgr
    return frame


def test_newest_picture_wins_then_held_then_its_own_slate_then_recovers():
    heard = []
    feed = InputFeed("guest", "rtmp://x", on_state=lambda *event: heard.append(event[:2]))
    switcher = Switcher(W, H, hold_s=0.2)
    switcher.add(feed)
    assert switcher.frame_at(0.0)[H // 2, 10].tolist() == [60, 30, 20], "waiting: the slate, never nothing"
    feed.publish(solid((0, 0, 255)))
    feed.publish(solid((0, 255, 0)))
    assert switcher.frame_at(0.1)[0, 0].tolist() == [0, 255, 0], "the newest picture, not the first"
    assert switcher.frame_at(0.13)[0, 0].tolist() == [0, 255, 0], "nothing new: the last picture held"
    feed.set_state("lost", "the stream ended")
    time.sleep(0.25)
    assert switcher.frame_at(0.4)[H // 2, 10].tolist() == [60, 30, 20], "gone past hold: its slate"
    feed.publish(solid((255, 0, 0)))
    assert switcher.frame_at(0.5)[0, 0].tolist() == [255, 0, 0], "back by itself"
    assert heard == [("guest", "live"), ("guest", "lost"), ("guest", "live")]
    assert feed.info()["losses"] == 1 and feed.info()["recoveries"] == 1


def test_cue_puts_in_preview_and_take_airs_it():
    switcher = Switcher(W, H)
    for name in ("host", "guest"):
        switcher.add(InputFeed(name, "test"))
    assert switcher.program == Layout("full", ("host",)), "the first input is on Program"
    with pytest.raises(UserInputError, match="no input 'nobody'; inputs: host, guest"):
        switcher.cue(Layout("full", ("nobody",)))
    switcher.cue(Layout("pip", ("host", "guest")))
    assert switcher.program.inputs == ("host",)
    assert switcher.take() == Layout("pip", ("host", "guest")) and switcher.preview is None
    with pytest.raises(UserInputError, match="on Program"):
        switcher.remove("guest")


@pytest.mark.parametrize("layout", [Layout("pip", ("a", "b"), x=0.0, y=1.0, size=0.4), Layout("side", ("a", "b"))])
def test_layouts_in_i420_match_bgr(layout):
    pictures = {"a": solid((40, 160, 220)), "b": solid((200, 60, 30))}
    bgr = compose(layout, pictures.__getitem__, picture.blank(W, H))
    i420 = compose(layout, lambda name: picture.to_i420(pictures[name]), picture.blank(W, H, picture.I420))
    assert np.abs(picture.to_bgr(i420).astype(int) - bgr).mean() < 2.0
    inset = boxes(layout, W, H)[1]
    left, top, width, height = inset
    assert bgr[top + height // 2, left + width // 2].tolist() == [200, 60, 30], "the second input in its box"
    assert all(value % 2 == 0 for value in inset), "boxes on I420's chroma grid"


def test_side_by_side_stacks_on_a_portrait_canvas():
    assert boxes(Layout("side", ("host", "guest")), 360, 640) == [(0, 320, 360, 320), (0, 0, 360, 320)], "guest above host"


def test_specs_and_their_refusals(tmp_path):
    assert split_input("guest=rtmp://0.0.0.0:1936/live/guest?listen=1") == ("guest", "rtmp://0.0.0.0:1936/live/guest?listen=1")
    assert parse_network_spec("rtmp://0.0.0.0:1936/live/guest?listen=1") == ("rtmp://0.0.0.0:1936/live/guest", True)
    assert parse_network_spec("rtsp://cam.local/stream1") == ("rtsp://cam.local/stream1", False)
    canvas = Canvas(W, H)
    for text, reason in (("host", "expected NAME=SPEC"), ("bad/name=test", "input name")):
        with pytest.raises(UserInputError, match=reason):
            split_input(text)
    srt = "srt://0.0.0.0:9000?mode=listener"
    if ffmpeg_has_protocol("srt"):        # the system's ffmpeg receives it (Debian's carries libsrt)
        assert parse_network_spec(srt) == (srt, True)
    else:
        with pytest.raises(UserInputError, match="has no SRT"):
            parse_network_spec(srt)
    for spec, reason in (("rtmp://0.0.0.0/live/x?listen=1", "give the port"),
                         ("rtsp://cam/x?listen=1", "only rtmp:// listens"),
                         (f"file:{tmp_path}/none.mp4", "no such file"),
                         ("video:thing", "expected test, file:PATH")):
        with pytest.raises(UserInputError, match=reason):
            open_input("x", spec, canvas)
    with pytest.raises(UserInputError, match="layout side shows 2 inputs, not 1"):
        Layout("side", ("host",))


def test_the_vertical_canvas_gets_its_own_version_of_a_layout():
    switcher = Switcher(W, H)
    for name, colour in (("host", (0, 0, 255)), ("guest", (0, 255, 0))):
        feed = InputFeed(name, "test")
        switcher.add(feed)
        feed.publish(solid(colour))
    landscape = switcher.frame_at(0.0)
    assert switcher.picture_for("vertical", 180, 320, landscape) is landscape, "full screen: cropped as a camera is"
    switcher.put_on_program(Layout("side", ("host", "guest")))
    landscape = switcher.frame_at(0.04)
    assert landscape[H // 2, 10].tolist() == [0, 0, 255] and landscape[H // 2, W - 10].tolist() == [0, 255, 0]
    portrait = switcher.picture_for("vertical", 180, 320, landscape)
    assert portrait.shape[:2] == (320, 180), "composed at the vertical canvas's size, not squeezed"
    assert portrait[80, 90].tolist() == [0, 255, 0] and portrait[240, 90].tolist() == [0, 0, 255], "guest above host"


def test_a_picture_delay_holds_pictures_to_meet_their_sound():
    feed = InputFeed("guest", "rtmp://x")
    feed.picture_delay_s = 0.15
    feed.publish(solid((0, 0, 255)))
    assert feed.newest(0.0)[0] is None, "not shown before its sound"
    time.sleep(0.2)
    assert feed.newest(0.2)[0][0, 0].tolist() == [0, 0, 255]


def test_an_inputs_decode_share_is_measured_over_a_whole_window_however_often_clients_look(monkeypatch):
    class Timed(InputFeed):
        used_s = 0.0

        def cpu_s(self):
            return self.used_s

    clock = [100.0]
    monkeypatch.setattr("studio.core.inputs.feed.time.monotonic", lambda: clock[0])
    feed = Timed("guest", "file:x")
    assert feed.info()["cpu_percent"] is None, "no window yet"
    for _ in range(8):                       # a console looking four times a second
        clock[0] += 0.25
        feed.used_s += 0.0625
        assert feed.info()["cpu_percent"] in (None, 25.0)
    assert feed.info()["cpu_percent"] == 25.0, "a quarter of a core over each whole second"
    clock[0] += 3.0
    feed.used_s += 0.3                       # 10 % over the next 3 s, looked at once
    assert feed.info()["cpu_percent"] == 10.0
    clock[0] += 0.01                         # another client, a moment later: no clock tick in between
    assert feed.info()["cpu_percent"] == 10.0, "the last whole window, not 0 % over 10 ms"


def test_an_inputs_reader_runs_below_the_programs_frame_loop():
    """When the cores are short a decode waits (its input holds its picture), not the program's frame."""
    import os
    import threading
    from studio.core.inputs.feed import INPUT_NICENESS, ThreadedFeed

    seen = []

    class Reader(ThreadedFeed):
        def read(self, stop):
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    engine_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    feed = Reader("host", "file:x")
    feed.start()
    feed.close()
    assert seen == [min(19, engine_nice + INPUT_NICENESS)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == engine_nice, "the engine's thread unchanged"
