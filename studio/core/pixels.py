"""Scaling planes, BGR <-> I420 and the dissolve: the compiled loops of studio/core/_pixels.c, else NumPy.

`resize` is a separable filter from per-axis tables built here once per pair of sizes: bilinear
(OpenCV's INTER_LINEAR sampling: centres aligned, edges clamped) for an enlargement or when asked,
and area averaging (each output pixel the mean of the source area it covers, as INTER_AREA) for a
reduction. The weights are Q11 (summing to 2048), so a 2:1 reduction is exactly (a + b + c + d + 2)
// 4. The colour conversions use OpenCV's BT.601 fixed point (studio/core/picture.py): the studio
makes the same bytes it made when OpenCV converted them. The NumPy paths compute the same bytes, at
several times the CPU: they are for a machine where the extension could not be built.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

try:
    from studio.core._over import bgr_to_i420 as _c_bgr_to_i420
    from studio.core._over import i420_to_bgr as _c_i420_to_bgr
    from studio.core._over import mix as _c_mix
    from studio.core._over import resample as _c_resample
except ImportError:  # not compiled here (no C compiler at install time), or built before these loops
    _c_resample = _c_bgr_to_i420 = _c_i420_to_bgr = _c_mix = None

LINEAR, AREA = "linear", "area"
_ONE = 2048  # Q11
_SHIFT = 20
# OpenCV's 20-bit BT.601 coefficients (see studio/core/_pixels.c).
_CRY, _CGY, _CBY, _CRU, _CGU, _CBU, _CGV, _CBV = 269484, 528482, 102760, -155188, -305135, 460324, -385875, -74448
_CY, _CUB, _CUG, _CVG, _CVR = 1220542, 2116026, -409993, -852492, 1673527


@lru_cache(maxsize=64)
def _axis(source: int, target: int, interpolation: str) -> tuple[np.ndarray, np.ndarray]:
    """(first source index (target,) int32, weights (target, taps) int16 Q11) for one axis."""
    scale = source / target
    if interpolation == AREA and scale > 1:
        taps = int(np.ceil(scale)) + 1
        starts = np.arange(target) * scale
        first = np.minimum(np.floor(starts).astype(np.int64), max(0, source - taps))
        taps = min(taps, source)
        index = first[:, None] + np.arange(taps)[None, :]
        covered = np.clip(np.minimum(index + 1, (starts + scale)[:, None]) - np.maximum(index, starts[:, None]), 0, None)
        weights = covered / scale
    else:
        centre = (np.arange(target) + 0.5) * scale - 0.5
        low = np.floor(centre)
        fraction = centre - low
        low = low.astype(np.int64)
        fraction[low < 0] = 0.0
        low = np.maximum(low, 0)
        fraction[low >= source - 1] = 0.0
        if source == 1:
            return np.zeros(target, np.int32), np.full((target, 1), _ONE, np.int16)
        first = np.minimum(low, source - 2)
        # At the last column the sample is the last pixel itself: weight it as the second tap.
        at_end = low >= source - 1
        weights = np.stack([1.0 - fraction, fraction], axis=1)
        weights[at_end] = (0.0, 1.0)
    quantised = np.rint(weights * _ONE).astype(np.int64)
    quantised[np.arange(len(quantised)), quantised.argmax(axis=1)] += _ONE - quantised.sum(axis=1)
    return np.ascontiguousarray(first, np.int32), np.ascontiguousarray(quantised, np.int16)


def _rows_contiguous(array: np.ndarray) -> bool:
    """Each row one run of bytes (what the compiled loops take): any window of a picture, not a channel slice."""
    return array.strides[-1] == 1 and (array.ndim < 3 or array.strides[1] == array.shape[2])


def resize(source: np.ndarray, target: np.ndarray, interpolation: str | None = None) -> None:
    """Scale `source` into `target` (uint8 (h, w) or (h, w, c), same c), in place. Area averaging for a
    reduction and bilinear otherwise, unless `interpolation` says LINEAR."""
    src_h, src_w = source.shape[:2]
    dst_h, dst_w = target.shape[:2]
    if (src_h, src_w) == (dst_h, dst_w):
        np.copyto(target, source)
        return
    mode = interpolation or AREA
    x_first, x_weights = _axis(src_w, dst_w, mode)
    y_first, y_weights = _axis(src_h, dst_h, mode)
    if _c_resample is not None and _rows_contiguous(target):
        source = source if _rows_contiguous(source) else np.ascontiguousarray(source)
        _c_resample(source, target, x_first, x_weights, y_first, y_weights)
    else:
        _numpy_resample(source, target, x_first, x_weights, y_first, y_weights)


def resized(source: np.ndarray, width: int, height: int, interpolation: str | None = None) -> np.ndarray:
    target = np.empty((height, width, *source.shape[2:]), np.uint8)
    resize(source, target, interpolation)
    return target


def _numpy_resample(source, target, x_first, x_weights, y_first, y_weights) -> None:
    rows = np.zeros((target.shape[0], *source.shape[1:]), np.int64)
    for tap in range(y_weights.shape[1]):
        weight = y_weights[:, tap].astype(np.int64).reshape(-1, *([1] * (source.ndim - 1)))
        rows += weight * source[y_first + tap]
    total = np.full(target.shape, 1 << 21, np.int64)
    for tap in range(x_weights.shape[1]):
        weight = x_weights[:, tap].astype(np.int64).reshape(1, -1, *([1] * (source.ndim - 2)))
        total += weight * rows[:, x_first + tap]
    np.copyto(target, np.clip(total >> 22, 0, 255).astype(np.uint8))


def bgr_to_i420(bgr: np.ndarray, out: np.ndarray) -> None:
    """BGR (h, w, 3) into a contiguous I420 (h * 3 // 2, w): OpenCV's COLOR_BGR2YUV_I420, byte for byte."""
    if _c_bgr_to_i420 is not None and out.flags.c_contiguous:
        _c_bgr_to_i420(bgr if _rows_contiguous(bgr) else np.ascontiguousarray(bgr), out)
        return
    height, width = bgr.shape[:2]
    b, g, r = (bgr[:, :, channel].astype(np.int64) for channel in range(3))
    half = 1 << (_SHIFT - 1)
    out[:height] = np.clip((_CRY * r + _CGY * g + _CBY * b + half + (16 << _SHIFT)) >> _SHIFT, 0, 255)
    b, g, r = b[::2, ::2], g[::2, ::2], r[::2, ::2]
    quarter = width * height // 4
    flat = out.reshape(-1)
    flat[width * height:width * height + quarter] = np.clip(
        (_CRU * r + _CGU * g + _CBU * b + half + (128 << _SHIFT)) >> _SHIFT, 0, 255).reshape(-1)
    flat[width * height + quarter:] = np.clip(
        (_CBU * r + _CGV * g + _CBV * b + half + (128 << _SHIFT)) >> _SHIFT, 0, 255).reshape(-1)


def i420_to_bgr(i420: np.ndarray, out: np.ndarray) -> None:
    """A contiguous I420 picture into BGR (h, w, 3): OpenCV's COLOR_YUV2BGR_I420, byte for byte."""
    if _c_i420_to_bgr is not None and _rows_contiguous(out):
        _c_i420_to_bgr(np.ascontiguousarray(i420), out)
        return
    height, width = out.shape[:2]
    flat = i420.reshape(-1)
    quarter = width * height // 4
    u = flat[width * height:width * height + quarter].reshape(height // 2, width // 2).astype(np.int64) - 128
    v = flat[width * height + quarter:].reshape(height // 2, width // 2).astype(np.int64) - 128
    u = u.repeat(2, axis=0).repeat(2, axis=1)
    v = v.repeat(2, axis=0).repeat(2, axis=1)
    luma = np.maximum(i420[:height].astype(np.int64) - 16, 0) * _CY + (1 << (_SHIFT - 1))
    out[:, :, 0] = np.clip((luma + _CUB * u) >> _SHIFT, 0, 255)
    out[:, :, 1] = np.clip((luma + _CVG * v + _CUG * u) >> _SHIFT, 0, 255)
    out[:, :, 2] = np.clip((luma + _CVR * v) >> _SHIFT, 0, 255)


def mix(target: np.ndarray, other: np.ndarray, weight: float) -> None:
    """target = target * weight + other * (1 - weight), in place (a dissolve's frame); same shapes."""
    fixed = int(round(min(1.0, max(0.0, weight)) * 65536))
    if _c_mix is not None and _rows_contiguous(target) and _rows_contiguous(other):
        _c_mix(target, other, fixed)
        return
    mixed = (target.astype(np.uint64) * fixed + other.astype(np.uint64) * (65536 - fixed) + 32768) >> 16
    np.copyto(target, mixed.astype(np.uint8))


def scaled(values: np.ndarray, factor: float, offset: float = 0.0) -> np.ndarray:
    """round(values * factor + offset) saturated to uint8 (OpenCV's convertScaleAbs for factor, offset >= 0)."""
    result = np.multiply(values, np.float32(factor), dtype=np.float32)
    if offset:
        result += np.float32(offset)
    return np.clip(np.rint(result), 0, 255).astype(np.uint8)
