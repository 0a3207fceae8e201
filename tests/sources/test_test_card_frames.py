"""The test card redraws only what moves, yet every frame is exactly the card drawn from scratch."""

import numpy as np
import pytest

from studio.core.capture.test_card import TestCardSource

# Outside `make test-fast`: encodes and decodes seconds of video.
pytestmark = pytest.mark.slow



@pytest.mark.parametrize("width, height", [(320, 180), (640, 360), (1280, 720), (1920, 1080), (1080, 1920)])
def test_each_frame_equals_a_card_drawn_from_scratch(width, height):
    card = TestCardSource(width, height, 30)
    # Forward, across the 4 s sweep's wrap, backwards, and far ahead (hours in the clock text).
    times = [i / 30 for i in range(130)] + [3.99, 0.5, 7.25, 2.0, 3725.4]
    for show_time_s in times:
        expected = TestCardSource(width, height, 30).frame_at(show_time_s)  # a fresh card: nothing left from before
        assert np.array_equal(card.frame_at(show_time_s), expected), f"frame at {show_time_s} s differs"


def test_frames_differ_over_time():
    card = TestCardSource(640, 360, 30)
    first = card.frame_at(0.0).copy()
    assert not np.array_equal(card.frame_at(1.0), first)
