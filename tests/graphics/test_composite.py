import numpy as np
import pytest

from studio.core.composite import Layer, blend_layer


def random_layer(rng, height, width):
    alpha = rng.integers(0, 256, (height, width, 1), dtype=np.uint8)
    colour = (rng.integers(0, 256, (height, width, 3)) * alpha / 255).astype(np.uint8)
    return np.concatenate([colour, alpha], axis=2)


def reference_over(frame, bgra, x, y, opacity=1.0):
    """The textbook float blend, clipped by hand."""
    out = frame.astype(np.float64)
    h, w = bgra.shape[:2]
    for row in range(h):
        for col in range(w):
            fy, fx = y + row, x + col
            if 0 <= fy < frame.shape[0] and 0 <= fx < frame.shape[1]:
                a = bgra[row, col, 3] * opacity
                out[fy, fx] = bgra[row, col, :3] * opacity + out[fy, fx] * (255 - a) / 255
    return out


@pytest.mark.parametrize(("x", "y", "opacity"), [(10, 5, 1.0), (-7, 40, 1.0), (50, -3, 0.5), (90, 70, 0.25)])
def test_roi_blend_matches_the_float_reference_within_rounding(x, y, opacity):
    rng = np.random.default_rng(1)
    bgra = random_layer(rng, 24, 32)
    frame = rng.integers(0, 256, (80, 100, 3), dtype=np.uint8)
    expected = reference_over(frame, bgra, x, y, opacity)
    blend_layer(frame, Layer.from_premultiplied_bgra(bgra), x, y, opacity)
    assert np.abs(frame - expected).max() <= 1.5


def test_pixels_outside_the_layer_are_untouched():
    rng = np.random.default_rng(2)
    frame = rng.integers(0, 256, (60, 60, 3), dtype=np.uint8)
    before = frame.copy()
    opaque = np.full((10, 10, 4), 255, np.uint8)
    blend_layer(frame, Layer.from_premultiplied_bgra(opaque), 20, 20)
    mask = np.ones(frame.shape[:2], bool)
    mask[20:30, 20:30] = False
    assert np.array_equal(frame[mask], before[mask])
    assert (frame[20:30, 20:30] == 255).all()


def test_layer_entirely_off_frame_or_invisible_is_a_no_op():
    frame = np.zeros((20, 20, 3), np.uint8)
    layer = Layer.from_premultiplied_bgra(np.full((5, 5, 4), 255, np.uint8))
    blend_layer(frame, layer, 40, 0)
    blend_layer(frame, layer, 0, -9)
    blend_layer(frame, layer, 0, 0, opacity=0.0)
    assert not frame.any()


def test_window_of_a_scrolling_strip():
    strip = np.zeros((2, 10, 4), np.uint8)
    strip[:, :, 3] = 255
    strip[:, :, 0] = np.arange(10) * 20
    frame = np.zeros((2, 4, 3), np.uint8)
    blend_layer(frame, Layer.from_premultiplied_bgra(strip), 0, 0, source_x=3, source_width=4)
    assert frame[0, :, 0].tolist() == [60, 80, 100, 120]


def test_a_trimmed_layer_blends_exactly_like_the_whole_one():
    rng = np.random.default_rng(5)
    bgra = np.zeros((40, 60, 4), np.uint8)
    bgra[7:31, 11:50] = random_layer(rng, 24, 39)  # the rest is fully transparent margin
    bgra[7, 11, 3] = bgra[30, 49, 3] = 255  # the box's corners are covered
    bgra[7, 11, :3] = bgra[30, 49, :3] = 200
    layer = Layer.from_premultiplied_bgra(bgra)
    trimmed, dx, dy = layer.trimmed()
    assert (dx, dy, trimmed.width, trimmed.height) == (11, 7, 39, 24)
    rows_only, rdx, rdy = layer.trimmed(rows_only=True)
    assert (rdx, rdy, rows_only.width, rows_only.height) == (0, 7, 60, 24)
    frame = rng.integers(0, 256, (80, 100, 3), dtype=np.uint8)
    whole, cut = frame.copy(), frame.copy()
    blend_layer(whole, layer, 13, -2)
    blend_layer(cut, trimmed, 13 + dx, -2 + dy)
    assert np.array_equal(whole, cut)
    empty, _, _ = Layer.from_premultiplied_bgra(np.zeros((5, 5, 4), np.uint8)).trimmed()
    blend_layer(cut, empty, 0, 0)
    assert np.array_equal(whole, cut)
