"""A picture source that stops: the last frame is repeated, then the slate goes up, then comes down."""

import threading

import numpy as np
import pytest

from studio.core.capture.audio import SilenceSource
from studio.core.capture.source import VideoSource
from studio.core.engine import Engine
from studio.core.output.encoder import EncoderSettings

pytestmark = pytest.mark.realtime  # against the clock: never beside another real-time test


class CameraThatDropsOut(VideoSource):
    """Delivers a grey picture, nothing between 1 s and 5 s, then the picture again."""

    def frame_at(self, show_time_s: float):
        if 1.0 <= show_time_s < 5.0:
            return None
        return np.full((180, 320, 3), 128, np.uint8)


class ProgramTap:
    """Keeps the program frame at chosen show times (an overlay sees the final picture)."""

    def __init__(self, times_s):
        self.frames = {}
        self.times_s = set(times_s)

    def composite(self, frame, show_time_s):
        if round(show_time_s, 3) in self.times_s:
            self.frames[round(show_time_s, 3)] = frame.copy()


def test_slate_after_two_seconds_without_picture_and_gone_when_it_returns():
    events = []
    engine = Engine(EncoderSettings(320, 180, 30), CameraThatDropsOut(), SilenceSource(), [], realtime=False,
                    on_source_lost=events.append)
    stats = engine.run(duration_s=7, stop=threading.Event())
    assert events == [True, False]
    # The last picture came at frame 29; two seconds after it the slate goes up.
    assert stats.frames_repeated == 59, "about 1 s to 3 s: the last picture, repeated"
    assert stats.slate_frames == 61, "about 3 s to 5 s: the slate"


def test_without_a_slate_graphic_the_engine_draws_its_own():
    tap = ProgramTap([0.5, 4.0])
    engine = Engine(EncoderSettings(320, 180, 30), CameraThatDropsOut(), SilenceSource(), [], realtime=False,
                    overlays=[tap])
    engine.run(duration_s=4.5, stop=threading.Event())
    assert (tap.frames[0.5] == 128).all()
    assert not (tap.frames[4.0] == 128).all()
