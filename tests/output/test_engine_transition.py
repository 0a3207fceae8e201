"""A fade dissolves the whole picture of every canvas, frame-exact in the recording; a cut is one frame.

Real parts: the engine's frame loop, its encoders and the recorder (Matroska), read back with
PyAV. The picture is painted whole by an overlay (a flat grey level), so each decoded frame
says exactly how far the dissolve was: outgoing * (1 - k/N) + incoming * k/N.
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
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink
from studio.core.transition import ProgramTransition, fade_frames
from studio.core.vertical_canvas import VerticalCanvas

FPS = 30
BEFORE, AFTER = 40, 200
TAKE_AT = 12


class FlatPicture:
    """Paints the whole picture one grey level, as an opaque graphic would: BEFORE, then AFTER."""

    def __init__(self):
        self.level = BEFORE

    def composite(self, frame, show_time_s):
        frame[:] = self.level


class FlatVertical(VerticalCanvas):
    def __init__(self, picture: FlatPicture):
        super().__init__(EncoderSettings(180, 320, FPS), None)
        self.picture = picture

    def draw_graphics(self, show_time_s):
        self.picture.composite(self.frame, show_time_s)


def _record(tmp_path, fade_frames_n: int | None, frames: int = 40) -> dict[str, list[int]]:
    """Run an engine that takes at TAKE_AT (with a fade of N frames, or a cut), recording both
    canvases; the grey level of every decoded frame, per canvas."""
    settings = EncoderSettings(320, 180, FPS)
    picture = FlatPicture()

    def take(show_time_s):
        if engine.frame_index == TAKE_AT:
            picture.level = AFTER
            if fade_frames_n is not None:
                engine.start_transition(fade_frames_n)

    engine = Engine(settings, TestCardSource(320, 180, FPS), SilenceSource(), [], realtime=False,
                    overlays=[picture], frame_hooks=[take], extra_canvases=[FlatVertical(picture)])
    paths = {"landscape": tmp_path / "landscape.mkv", VERTICAL: tmp_path / "vertical.mkv"}
    for canvas, path in paths.items():
        layout = (settings if canvas == "landscape" else engine.extra_canvases[VERTICAL].settings).layout()
        engine.add_output(OutputSink(recording_spec(path, layout), reconnect=False), canvas)
    engine.run(duration_s=frames / FPS, stop=threading.Event())
    levels = {}
    for canvas, path in paths.items():
        with av.open(str(path)) as container:
            levels[canvas] = [int(np.median(frame.to_ndarray(format="gray")))
                              for frame in container.decode(video=0)]
        assert len(levels[canvas]) == frames, f"{canvas}: every frame recorded"
    return levels


def test_a_fade_dissolves_every_canvas_over_exactly_n_frames(tmp_path):
    n = fade_frames(1000, FPS)
    assert n == 30
    levels = _record(tmp_path, n, frames=TAKE_AT + n + 6)
    for canvas, seen in levels.items():
        assert all(abs(level - BEFORE) <= 2 for level in seen[:TAKE_AT]), f"{canvas}: untouched before"
        for k in range(1, n + 1):
            expected = BEFORE * (1 - k / n) + AFTER * k / n
            assert abs(seen[TAKE_AT + k - 1] - expected) <= 2.5, (canvas, k, seen[TAKE_AT - 1:TAKE_AT + n + 1])
        during = seen[TAKE_AT - 1:TAKE_AT + n]
        assert all(a < b for a, b in zip(during, during[1:])), f"{canvas}: strictly rising, {during}"
        assert all(abs(level - AFTER) <= 2 for level in seen[TAKE_AT + n - 1:]), f"{canvas}: done after N"


def test_a_cut_changes_in_one_frame(tmp_path):
    levels = _record(tmp_path, None, frames=TAKE_AT + 6)
    for canvas, seen in levels.items():
        assert all(abs(level - BEFORE) <= 2 for level in seen[:TAKE_AT]), canvas
        assert all(abs(level - AFTER) <= 2 for level in seen[TAKE_AT:]), canvas


def test_a_held_transition_shows_its_position_until_finished():
    transition = ProgramTransition()
    outgoing = {"landscape": np.full((4, 4, 3), 0, np.uint8)}
    transition.hold(outgoing, 0.25)
    picture = np.full((4, 4, 3), 200, np.uint8)
    assert transition.blend({"landscape": picture}) == 0.25 and int(picture[0, 0, 0]) == 50
    transition.move(0.5)
    picture[:] = 200
    transition.blend({"landscape": picture})
    assert int(picture[0, 0, 0]) == 100 and transition.held
    transition.finish()
    picture[:] = 200
    assert transition.blend({"landscape": picture}) is None and int(picture[0, 0, 0]) == 200
    with pytest.raises(ValueError):
        transition.hold(outgoing, 1.5)


def test_listeners_hear_the_end_of_a_fade_on_its_last_frame_and_a_failing_one_is_contained():
    transition = ProgramTransition()
    heard = []
    transition.when_done(lambda: heard.append("at once"))  # nothing runs: called now
    transition.start({"landscape": np.zeros((2, 2, 3), np.uint8)}, 3)
    transition.when_done(lambda: 1 / 0)
    transition.when_done(lambda: heard.append("done"))
    picture = np.zeros((2, 2, 3), np.uint8)
    transition.blend({"landscape": picture})
    transition.blend({"landscape": picture})
    assert heard == ["at once"]
    transition.blend({"landscape": picture})
    assert heard == ["at once", "done"] and not transition.active
