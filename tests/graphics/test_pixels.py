"""The studio's picture loops (studio/core/pixels.py: the compiled ones and their NumPy fallbacks) against
what OpenCV made of the same pictures when the studio used it: the same bytes for colour, within a level
for scaling."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.core import pixels


@pytest.fixture(params=["compiled", "numpy"])
def loops(request, monkeypatch):
    if request.param == "numpy":
        for name in ("_c_resample", "_c_bgr_to_i420", "_c_i420_to_bgr", "_c_mix"):
            monkeypatch.setattr(pixels, name, None)
    elif pixels._c_resample is None:
        pytest.fail("studio/core/_pixels.c was not compiled into studio.core._over: `make setup`")
    return pixels


def _picture(height: int, width: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    bgr = cv2.GaussianBlur(rng.integers(0, 256, (height, width, 3), np.uint8), (5, 5), 2)
    bgr[::7] = rng.integers(0, 256, (len(bgr[::7]), width, 3), np.uint8)  # sharp rows: extremes and edges
    bgr[0, :min(8, width)] = [(0, 0, 0), (255, 255, 255), (0, 0, 255), (0, 255, 0), (255, 0, 0), (255, 255, 0), (0, 255, 255), (255, 0, 255)][:width]
    return bgr


def test_bgr_to_i420_and_back_are_opencvs_bytes(loops):
    bgr = _picture(96, 160)
    i420 = np.empty((144, 160), np.uint8)
    loops.bgr_to_i420(bgr, i420)
    assert np.array_equal(i420, cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420))
    every_yuv = np.random.default_rng(1).integers(0, 256, (144, 160), np.uint8)
    every_yuv[:2, :256 // 2] = np.arange(0, 256, 2)  # luma and chroma from 0 to 255
    back = np.empty((96, 160, 3), np.uint8)
    loops.i420_to_bgr(every_yuv, back)
    assert np.array_equal(back, cv2.cvtColor(every_yuv, cv2.COLOR_YUV2BGR_I420))


@pytest.mark.parametrize(("source", "target"), [((96, 160), (36, 64)), ((96, 160), (48, 80)), ((90, 54), (128, 72)),
                                                ((96, 160), (160, 90)), ((5, 7), (2, 3)), ((3, 3), (9, 9))])
def test_scaling_is_within_a_level_of_opencvs(loops, source, target):
    plane = _picture(*source)[:, :, 1].copy()
    for interpolation, opencv in ((pixels.LINEAR, cv2.INTER_LINEAR), (pixels.AREA, cv2.INTER_AREA)):
        if interpolation == pixels.AREA and target[0] > source[0]:
            continue  # enlarging: area averaging is bilinear here, OpenCV has a variant of its own
        ours = np.empty(target, np.uint8)
        loops.resize(plane, ours, interpolation)
        reference = cv2.resize(plane, target[::-1], interpolation=opencv)
        assert np.abs(ours.astype(int) - reference).max() <= 1, interpolation


def test_a_2_to_1_reduction_is_the_rounded_mean_of_each_block(loops):
    plane = _picture(64, 64)[:, :, 2].copy()
    half = np.empty((32, 32), np.uint8)
    loops.resize(plane, half, pixels.AREA)
    blocks = plane.reshape(32, 2, 32, 2).sum(axis=(1, 3), dtype=np.int32)
    assert np.array_equal(half, (blocks + 2) // 4)


def test_a_window_of_a_plane_scales_into_a_window_of_another_and_nothing_else_moves(loops):
    source, canvas = _picture(90, 160), np.zeros((120, 200, 3), np.uint8)
    loops.resize(source[:, 40:120], canvas[10:100, 20:100], pixels.LINEAR)   # same size: a copy
    assert np.array_equal(canvas[10:100, 20:100], source[:, 40:120])
    loops.resize(source[:, 40:120], canvas[0:60, 120:180], pixels.AREA)
    reference = cv2.resize(np.ascontiguousarray(source[:, 40:120]), (60, 60), interpolation=cv2.INTER_AREA)
    assert np.abs(canvas[0:60, 120:180].astype(int) - reference).max() <= 1
    assert not canvas[100:].any() and not canvas[60:, 100:].any()


def test_channel_slices_are_converted_and_scaled_too(loops):
    bgra = np.dstack([_picture(32, 48), np.full((32, 48), 255, np.uint8)])
    bgr_view = bgra[:, :, :3]    # rows of 4-byte pixels: not what the compiled loops walk
    i420 = np.empty((48, 48), np.uint8)
    loops.bgr_to_i420(bgr_view, i420)
    assert np.array_equal(i420, cv2.cvtColor(np.ascontiguousarray(bgr_view), cv2.COLOR_BGR2YUV_I420))
    small = np.empty((16, 24, 3), np.uint8)
    loops.resize(bgr_view, small, pixels.AREA)
    assert np.array_equal(small, cv2.resize(np.ascontiguousarray(bgr_view), (24, 16), interpolation=cv2.INTER_AREA))


def test_the_dissolve_weighs_both_pictures(loops):
    incoming = np.full((4, 6), 200, np.uint8)
    outgoing = np.full((4, 6), 100, np.uint8)
    for weight, expected in ((0.0, 100), (0.25, 125), (0.5, 150), (1.0, 200)):
        picture = incoming.copy()
        loops.mix(picture, outgoing, weight)
        assert (picture == expected).all()


def test_tables_it_cannot_use_are_refused():
    if pixels._c_resample is None:
        pytest.skip("not built")
    first, weights = pixels._axis(10, 5, pixels.AREA)
    with pytest.raises(ValueError, match="outside the source"):
        pixels._c_resample(np.zeros((4, 4), np.uint8), np.zeros((5, 5), np.uint8), first, weights, first, weights)
    with pytest.raises(ValueError, match="even sizes"):
        pixels._c_bgr_to_i420(np.zeros((3, 4, 3), np.uint8), np.zeros((4, 4), np.uint8))


@pytest.mark.parametrize("source, target", [
    ((720, 1280), (1080, 1920)), ((360, 640), (540, 960)), ((1080, 1920), (360, 640)), ((1080, 608), (1280, 720)),
    ((37, 61), (53, 99)), ((9, 3), (17, 8)), ((2, 2), (5, 7)), ((720, 1280), (406, 720)), ((720, 1280), (270, 480)),
    ((53, 99), (17, 23)), ((9, 40), (3, 9))])
@pytest.mark.parametrize("interpolation", [pixels.LINEAR, pixels.AREA])
def test_the_compiled_plane_scaler_gives_the_fallbacks_bytes(source, target, interpolation, monkeypatch):
    """The plane loops (eight outputs a gather where the CPU has AVX2, the row's last outputs one at a time;
    bilinear and area averaging's reductions) sum exactly what the NumPy fallback sums, at sizes whose last
    gathers meet the row's end."""
    if pixels._c_resample is None:
        pytest.fail("studio/core/_pixels.c was not compiled into studio.core._over: `make setup`")
    plane = np.random.default_rng(11).integers(0, 256, source, np.uint8)
    plane[::5] = 255
    plane[1::7] = 0
    compiled = np.empty(target, np.uint8)
    pixels.resize(plane, compiled, interpolation)
    monkeypatch.setattr(pixels, "_c_resample", None)
    fallback = np.empty(target, np.uint8)
    pixels.resize(plane, fallback, interpolation)
    assert np.array_equal(compiled, fallback)
