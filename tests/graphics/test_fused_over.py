"""The compiled blend loop (studio/core/_over.c) against OpenCV's multiply-then-add: the same bytes."""

import numpy as np
import pytest

from studio.core import composite
from tests.graphics.opencv_reference import opencv_over


def test_the_compiled_loop_was_built():
    # Without it the compositor silently falls back to NumPy at several times the CPU (docs/performance.md).
    assert composite._fused_over is not None, (
        "studio/core/_over.c was not compiled: install gcc and python3-dev (tools/install-system-deps.sh), "
        "then `make setup`")
    assert composite._fused_over_planes is not None, (
        "studio/core/_over.c's I420 entry (over_planes) is missing: the loop was built from an older source; `make setup`")


@pytest.fixture
def fused_over():
    if composite._fused_over is None:
        pytest.skip("not built: test_the_compiled_loop_was_built says why")
    return composite._fused_over


def test_every_dst_inverse_alpha_and_colour_gives_opencvs_byte(fused_over):
    dst = np.repeat(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, 256 * 256)
    inverse = np.tile(np.repeat(np.arange(256, dtype=np.uint8), 256), 256).reshape(256, 256 * 256)
    colour = np.tile(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, 256 * 256)
    fused, reference = dst.copy(), dst.copy()
    fused_over(fused, colour, inverse)
    opencv_over(reference, colour, inverse)
    assert np.array_equal(fused, reference)


def test_the_numpy_fallback_gives_the_same_byte_for_every_triple():
    dst = np.repeat(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, 256 * 256)
    inverse = np.tile(np.repeat(np.arange(256, dtype=np.uint8), 256), 256).reshape(256, 256 * 256)
    colour = np.tile(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, 256 * 256)
    fallback, reference = dst.copy(), dst.copy()
    composite.numpy_over(fallback, colour, inverse)
    opencv_over(reference, colour, inverse)
    assert np.array_equal(fallback, reference)


def test_a_region_of_a_frame_is_blended_in_place_and_nothing_around_it(fused_over):
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 256, (120, 200, 3), np.uint8)
    before = frame.copy()
    colour = rng.integers(0, 256, (40, 70, 3), np.uint8)
    inverse = rng.integers(0, 256, (40, 70, 3), np.uint8)
    expected = before[30:70, 100:170].copy()
    opencv_over(expected, colour, inverse)
    # Each input a window of a wider plane, as the frame's region is: rows apart in memory.
    wide = np.zeros((40, 90, 3), np.uint8)
    wide[:, 10:80] = colour
    fused_over(frame[30:70, 100:170], wide[:, 10:80], inverse)
    assert np.array_equal(frame[30:70, 100:170], expected)
    outside = np.ones(frame.shape[:2], bool)
    outside[30:70, 100:170] = False
    assert np.array_equal(frame[outside], before[outside])


@pytest.mark.parametrize(("target", "colour", "inverse", "message"), [
    (np.zeros((4, 5, 3), np.uint8), np.zeros((4, 6, 3), np.uint8), np.zeros((4, 5, 3), np.uint8), "differ in size"),
    (np.zeros((4, 5, 3), np.uint8), np.zeros((4, 5, 3), np.uint16), np.zeros((4, 5, 3), np.uint8), "colour"),
    (np.zeros((4, 5, 3), np.uint8)[:, ::2], np.zeros((4, 3, 3), np.uint8), np.zeros((4, 3, 3), np.uint8), "target"),
])
def test_arrays_it_cannot_blend_are_refused_with_their_name(fused_over, target, colour, inverse, message):
    with pytest.raises(ValueError, match=message):
        fused_over(target, colour, inverse)


def test_a_read_only_target_is_refused(fused_over):
    target = np.zeros((2, 2, 3), np.uint8)
    target.flags.writeable = False
    with pytest.raises((ValueError, BufferError)):
        fused_over(target, np.zeros_like(target), np.zeros_like(target))
