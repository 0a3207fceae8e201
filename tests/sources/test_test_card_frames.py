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


@pytest.mark.parametrize("width, height", [(320, 180), (1920, 1080), (1080, 1920)])
def test_drawn_in_i420_each_frame_is_the_bgr_card_converted(width, height):
    from studio.core import picture

    card = TestCardSource(width, height, 30)
    card.frame_at(0.2)   # drawn in BGR once first: the switch puts back what that frame drew
    card.prefer_format(picture.I420)
    bgr = TestCardSource(width, height, 30)
    for show_time_s in [i / 30 for i in range(0, 130, 7)] + [3.99, 0.5, 7.25, 3725.4]:
        ours = card.frame_at(show_time_s)
        assert ours.shape == (height * 3 // 2, width)
        assert np.array_equal(ours, picture.to_i420(bgr.frame_at(show_time_s))), f"frame at {show_time_s} s differs"
