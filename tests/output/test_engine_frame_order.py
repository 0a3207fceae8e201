"""What the frame loop must keep, however its work is spread over threads.

Each frame carries its own number, drawn by an overlay as a grey level, and a
change applied by a frame hook at frame N must be in frame N's picture (the
as-run log's frame), on both canvases. Decoding every packet the outputs got
checks: every frame arrives once, in order, with the picture composed for its
number (a frame encoded after the next one was composed into the same buffer
would show the wrong level), and the encoders are flushed at the end.
"""

from __future__ import annotations

import threading

import av
import numpy as np
import pytest

from studio.core.canvas import VERTICAL
from studio.core.capture.audio import SilenceSource
from studio.core.capture.test_card import TestCardSource
from studio.core.engine import Engine
from studio.core.output.encoder import EncoderSettings
from studio.core.output.health import OutputHealth
from studio.core.vertical_canvas import VerticalCanvas

FRAMES = 40
CHANGE_AT = 23


def _level(frame_index: int) -> int:
    return 20 + (frame_index * 5) % 200


class CollectingOutput:
    """An output that keeps every packet, in the order the engine pushed them."""

    def __init__(self, label: str):
        self.spec = type("Spec", (), {"label": label})()
        self.health = OutputHealth(label=label)
        self.packets = []
        self.pushing_threads = set()
        self.closed = False

    def start(self): pass

    def supervise(self): return self.health

    def healths(self): return [self.health]

    def push(self, packet):
        self.pushing_threads.add(threading.get_ident())
        self.packets.append(packet)

    def close(self, timeout_s=5.0):
        self.closed = True


class NumberedFrames:
    """Paints the frame number (as a grey level) into a block; after the change, a white square too."""

    def __init__(self, fps: int):
        self.fps = fps
        self.changed = False

    def composite(self, frame, show_time_s):
        frame[:64, :64] = _level(round(show_time_s * self.fps))
        frame[64:128, :64] = 255 if self.changed else 0


class NumberedVertical(VerticalCanvas):
    def __init__(self, settings, marks: NumberedFrames):
        super().__init__(settings, None)
        self.marks = marks

    def draw_graphics(self, show_time_s):
        self.marks.composite(self.frame, show_time_s)


def _decoded(packets):
    """(pts, grey level of the number block, white square's level) of every video frame, in decode order."""
    codec = av.CodecContext.create("h264", "r")
    seen = []

    def keep(frames):
        for frame in frames:
            luma = frame.to_ndarray(format="gray")
            seen.append((frame.pts, int(np.median(luma[8:56, 8:56])), int(np.median(luma[72:120, 8:56]))))

    for packet in packets:
        if packet.kind == "video":
            av_packet = av.Packet(packet.data)
            av_packet.pts = av_packet.dts = packet.pts
            keep(codec.decode(av_packet))
    keep(codec.decode(None))
    return seen


def _run(canvases: bool, realtime: bool = False):
    settings = EncoderSettings(320, 180, 30)
    marks = NumberedFrames(settings.fps)
    landscape, vertical = CollectingOutput("landscape"), CollectingOutput("vertical")
    as_run = {}
    after_frame = []

    def hook(show_time_s):
        index = round(show_time_s * settings.fps)
        if index >= CHANGE_AT and not marks.changed:
            marks.changed = True
            as_run["frame"] = engine.frame_index

    extra = [NumberedVertical(EncoderSettings(180, 320, 30), marks)] if canvases else []
    engine = Engine(settings, TestCardSource(320, 180, 30), SilenceSource(), [landscape], realtime=realtime,
                    overlays=[marks], frame_hooks=[hook], extra_canvases=extra,
                    after_frame=[lambda index, program: after_frame.append((index, int(program[30, 30, 0])))])
    if canvases:
        engine.add_output(vertical, VERTICAL)
    stats = engine.run(duration_s=FRAMES / settings.fps, stop=threading.Event())
    return stats, landscape, vertical, as_run, after_frame


def _check(seen, as_run_frame, frames=tuple(range(FRAMES))):
    assert [pts for pts, _, _ in seen] == list(frames), "every frame once, in order, flushed at the end"
    for pts, level, square in seen:
        assert abs(level - _level(pts)) <= 6, f"frame {pts} shows the picture of another frame ({level})"
        assert (square > 200) == (pts >= as_run_frame), f"frame {pts}: the change belongs to frame {as_run_frame}"


@pytest.mark.parametrize("realtime", [False, True], ids=["as fast as possible", "real time"])
def test_each_frame_carries_its_own_picture_and_a_change_is_in_its_as_run_frame(realtime):
    stats, landscape, _, as_run, after_frame = _run(canvases=False, realtime=realtime)
    composed = [index for index, _ in after_frame]
    # Real time on a loaded machine may skip frames: every frame composed must still come out.
    assert stats.frames_encoded == len(composed) and composed == sorted(composed)
    if CHANGE_AT in composed:
        assert as_run["frame"] == CHANGE_AT
    _check(_decoded(landscape.packets), as_run["frame"], composed)
    _assert_audio_follows_its_picture(landscape.packets, fps=30)
    assert all(abs(level - _level(index)) <= 1 for index, level in after_frame), "after_frame sees its own frame"
    assert landscape.closed


def test_both_canvases_change_on_the_same_frame_and_audio_stays_in_order():
    _, landscape, vertical, as_run, _ = _run(canvases=True)
    _check(_decoded(landscape.packets), as_run["frame"])
    _check(_decoded(vertical.packets), as_run["frame"])
    for output in (landscape, vertical):
        audio = [p.pts for p in output.packets if p.kind == "audio"]
        assert audio == sorted(audio) and len(audio) >= FRAMES / 30 * 46
        assert len(output.pushing_threads) == 1, "packets reach an output from one thread, in order"
        _assert_audio_follows_its_picture(output.packets, fps=30)


def _assert_audio_follows_its_picture(packets, fps):
    """As when encoding was synchronous: the stream opens on the first picture (a keyframe), and no
    audio is pushed ahead of the picture it follows (a recording would drop the audio before its
    first keyframe and start late; a muxer would wait on it)."""
    assert packets[0].kind == "video" and packets[0].is_keyframe, "an output's first packet is a keyframe"
    last_video_end_s = 0.0
    for packet in packets:
        start_s = packet.pts * packet.time_base_num / packet.time_base_den
        if packet.kind == "video":
            last_video_end_s = max(last_video_end_s, start_s + 1 / fps)
        else:
            assert start_s < last_video_end_s, f"audio at {start_s:.3f} s pushed before the picture it follows"


def test_a_canvas_without_outputs_is_not_encoded_until_one_is_bound_on_a_keyframe_boundary():
    settings = EncoderSettings(320, 180, 30, keyframe_interval_s=0.5)  # a keyframe every 15 frames
    marks = NumberedFrames(settings.fps)
    vertical = CollectingOutput("vertical")
    landscape = CollectingOutput("landscape")
    encoded = []

    def bind_late(frame_index, program):
        if frame_index == 20:
            engine.add_output(landscape)

    engine = Engine(settings, TestCardSource(320, 180, 30), SilenceSource(), [], realtime=False, overlays=[marks],
                    extra_canvases=[NumberedVertical(EncoderSettings(180, 320, 30, keyframe_interval_s=0.5), marks)],
                    after_frame=[bind_late], after_encoded=[encoded.append])
    engine.add_output(vertical, VERTICAL)
    engine.run(duration_s=FRAMES / settings.fps, stop=threading.Event())
    assert [pts for pts, _, _ in _decoded(vertical.packets)] == list(range(FRAMES))
    landscape_frames = [pts for pts, _, _ in _decoded(landscape.packets)]
    assert landscape_frames == list(range(30, FRAMES)), "from the next keyframe boundary after it was bound"
    assert encoded == list(range(FRAMES)), "after_encoded: every frame once, in order"
