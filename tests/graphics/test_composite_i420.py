"""Graphics blended into I420 pictures (studio/core/composite_i420.py) against the BGR blend converted.

The reference is the float-free BGR path (itself checked byte for byte and against a float blend),
then converted to I420 with chroma averaged over each 2x2 block (the I420 path averages the layer's
premultiplied chroma the same way). Layers at odd and even places, clipped, faded and scrolled."""

import cv2
import numpy as np
import pytest

from studio.core import composite_i420, picture
from studio.core.composite import Layer, blend_layer
from tests.graphics.opencv_reference import opencv_over

WIDTH, HEIGHT = 160, 96


def _smooth_layer(rng, height, width) -> Layer:
    colour = cv2.GaussianBlur(rng.integers(0, 256, (height, width, 3), np.uint8), (7, 7), 0)
    alpha = np.zeros((height, width), np.uint8)
    alpha[3:-3, 4:-4] = 255
    alpha = cv2.GaussianBlur(alpha, (5, 5), 0)
    alpha[height // 2:, : width // 3] = 0  # a fully transparent corner
    premultiplied = (colour.astype(np.uint16) * alpha[..., None] // 255).astype(np.uint8)
    return Layer.from_premultiplied_bgra(np.dstack([premultiplied, alpha]))


def _i420_with_averaged_chroma(bgr: np.ndarray) -> np.ndarray:
    """BGR -> I420, each chroma sample the mean of its 2x2 block (OpenCV's I420 takes the top-left one)."""
    height, width = bgr.shape[:2]
    doubled = picture.to_i420(cv2.resize(bgr, (2 * width, 2 * height), interpolation=cv2.INTER_NEAREST))
    out = picture.to_i420(bgr)
    for full, half in zip(picture.planes(doubled)[1:], picture.planes(out)[1:]):
        half[:] = np.rint(cv2.resize(full.astype(np.float32), (width // 2, height // 2), interpolation=cv2.INTER_AREA))
    return out


@pytest.fixture(scope="module")
def scene():
    rng = np.random.default_rng(7)
    background = cv2.GaussianBlur(rng.integers(16, 236, (HEIGHT, WIDTH, 3), np.uint8), (9, 9), 0)
    return background, _smooth_layer(rng, 41, 63)


@pytest.mark.parametrize(("x", "y", "opacity", "source_x", "source_width"), [
    (20, 10, 1.0, 0, None),     # even place
    (21, 11, 1.0, 0, None),     # odd place: chroma on the picture's grid, a margin on each odd side
    (-9, 70, 1.0, 0, None),     # clipped left and bottom
    (130, -5, 0.5, 0, None),    # clipped right and top, faded
    (40, 30, 1.0, 17, 30),      # a scrolled window of the layer
])
def test_i420_blend_matches_the_bgr_blend_converted(scene, x, y, opacity, source_x, source_width):
    background, layer = scene
    reference_bgr = background.copy()
    blend_layer(reference_bgr, layer, x, y, opacity, source_x, source_width)
    expected = _i420_with_averaged_chroma(reference_bgr)
    frame = _i420_with_averaged_chroma(background)
    blend_layer(frame, layer, x, y, opacity, source_x, source_width)
    difference = np.abs(frame.astype(int) - expected)
    luma, chroma = difference[:HEIGHT], difference[HEIGHT:]
    assert luma.max() <= 2 and chroma.max() <= 3, (luma.max(), chroma.max())


def test_nothing_outside_the_layers_box_changes(scene):
    background, layer = scene
    frame = _i420_with_averaged_chroma(background)
    before = frame.copy()
    blend_layer(frame, layer, 21, 11)
    y_plane, u_plane, _ = picture.planes(frame)
    y_before, u_before, _ = picture.planes(before)
    outside = np.ones((HEIGHT, WIDTH), bool)
    outside[11:11 + layer.height, 21:21 + layer.width] = False
    assert np.array_equal(y_plane[outside], y_before[outside])
    outside_chroma = np.ones((HEIGHT // 2, WIDTH // 2), bool)
    outside_chroma[5:(11 + layer.height + 1) // 2, 10:(21 + layer.width + 1) // 2] = False
    assert np.array_equal(u_plane[outside_chroma], u_before[outside_chroma])


def test_a_layer_is_converted_once_and_reused(scene, monkeypatch):
    background, layer = scene
    fresh = Layer(layer.bgr, layer.inverse_alpha)
    frame = picture.to_i420(background)
    blend_layer(frame, fresh, 20, 10)
    calls = []
    monkeypatch.setattr(composite_i420, "_premultiplied_yuva", lambda *a: calls.append(a))
    for _ in range(3):
        blend_layer(frame, fresh, 20, 10)
    assert calls == [], "a layer that has not changed is not converted again"


@pytest.mark.parametrize("both_columns", [False, True])
def test_a_layer_prepared_for_its_place_converts_nothing_when_blended_there(scene, monkeypatch, both_columns):
    """What a graphic's renderer does on its own thread: the frame loop then only blends."""
    background, layer = scene
    fresh = Layer(layer.bgr, layer.inverse_alpha)
    composite_i420.prepare(fresh, 21, 10, both_columns)
    assert "yuva" not in fresh.i420_planes, "the 4-byte-a-pixel intermediate is not kept"
    calls = []
    monkeypatch.setattr(composite_i420, "_premultiplied_yuva", lambda *a: calls.append(a))
    frame = picture.to_i420(background)
    blend_layer(frame, fresh, 21, 10)
    if both_columns:
        blend_layer(frame, fresh, 20, 10)
    assert calls == []


def test_the_compiled_conversion_gives_the_numpy_conversion_within_a_level(monkeypatch):
    if composite_i420._c_yuva is None:
        pytest.skip("not built: tests/graphics/test_fused_over.py says why")
    rng = np.random.default_rng(3)
    alpha = rng.integers(0, 256, (135, 241), np.uint8)
    alpha[:20] = 0
    alpha[20:40] = 255
    premultiplied = (rng.integers(0, 256, (135, 241, 3)) * alpha[..., None] // 255).astype(np.uint8)
    compiled = composite_i420._premultiplied_yuva(Layer.from_premultiplied_bgra(np.dstack([premultiplied, alpha])))
    monkeypatch.setattr(composite_i420, "_c_yuva", None)
    reference = composite_i420._premultiplied_yuva(Layer.from_premultiplied_bgra(np.dstack([premultiplied, alpha])))
    difference = np.abs(compiled.astype(int) - reference)
    assert difference.max() <= 1 and np.count_nonzero(difference) < difference.size // 10000
    assert np.array_equal(compiled[..., 3], reference[..., 3])


@pytest.mark.parametrize("opacity", [0.0, 0.25, 0.5, 0.73, 0.999])
def test_the_compiled_fade_gives_the_fallbacks_faded_blend_within_a_level(opacity, monkeypatch):
    """Every (dst, inverse, colour) triple, faded in the loop against the NumPy fallback's scaled copies."""
    from studio.core import composite
    if composite._fused_over_planes is None:
        pytest.skip("not built: tests/graphics/test_fused_over.py says why")
    dst = np.repeat(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, -1)
    inverse = np.tile(np.repeat(np.arange(256, dtype=np.uint8), 256), 256).reshape(256, -1)
    colour = np.tile(np.arange(256, dtype=np.uint8), 256 * 256).reshape(256, -1)
    valid = colour.astype(int) + inverse <= 255          # a premultiplied colour never exceeds its coverage
    fused = dst.copy()
    composite.over_planes([fused], [colour], [inverse], opacity)
    monkeypatch.setattr(composite, "_fused_over_planes", None)
    fallback = dst.copy()
    composite.over_planes([fallback], [colour], [inverse], opacity)
    assert np.abs(fused.astype(int) - fallback)[valid].max() <= 1


def test_the_compiled_planes_entry_gives_the_fallbacks_bytes():
    """Every (dst, inverse, colour) triple, split over three planes of different widths, as an I420
    layer's Y, U and V are: one over_planes call against OpenCV's multiply-then-add plane by plane."""
    from studio.core import composite
    if composite._fused_over_planes is None:
        pytest.skip("not built: tests/graphics/test_fused_over.py says why")
    dst = np.repeat(np.arange(256, dtype=np.uint8), 256 * 256)
    inverse = np.tile(np.repeat(np.arange(256, dtype=np.uint8), 256), 256)
    colour = np.tile(np.arange(256, dtype=np.uint8), 256 * 256)
    splits = [(0, 256 * 128 * 256, 256), (256 * 128 * 256, 256 * 192 * 256, 128), (256 * 192 * 256, 256 ** 3, 64)]
    planes = [[array[start:end].reshape(-1, width) for start, end, width in splits] for array in (dst, colour, inverse)]
    fused = [plane.copy() for plane in planes[0]]
    composite._fused_over_planes(fused, planes[1], planes[2])
    for target, reference, colours, inverses in zip(fused, planes[0], planes[1], planes[2]):
        expected = reference.copy()
        opencv_over(expected, colours, inverses)
        assert np.array_equal(target, expected)


def test_planes_it_cannot_blend_are_refused():
    from studio.core import composite
    if composite._fused_over_planes is None:
        pytest.skip("not built")
    a, b = np.zeros((4, 6), np.uint8), np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="differ in size"):
        composite._fused_over_planes([a, a], [a, b], [a, a])
    with pytest.raises(ValueError, match="as many"):
        composite._fused_over_planes([a], [a, a], [a])
