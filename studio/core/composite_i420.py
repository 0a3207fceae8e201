"""Blending a premultiplied layer into an I420 picture, plane by plane, at each plane's own resolution.

A layer (studio/core/composite.py) is converted once, the first time it is blended into an I420
picture, and the planes are kept on it: its premultiplied colour as Y, U, V through the same
BT.601 matrix as the pictures (studio/core/picture.py), the alpha term included (a premultiplied
pixel is a * (colour + offset)), so "over" stays  out = src + dst * (255 - a) / 255  in every
plane. Luma and its coverage are full size. Chroma and its coverage are averaged over 2x2 blocks
(the premultiplied values, so a half-covered block gets half the colour), aligned on the picture's
own chroma grid: a layer placed at an odd x or y is averaged with a one-pixel transparent margin on
that side, and each of the four alignments is kept once it was needed (a slide-in crosses them).
Per frame nothing is converted: the same compiled loop as the BGR path blends each plane's region.
A graphic's renderer converts its layers ahead for their resting place (`prepare`), on its own
thread, so the frame loop converts only what moves to another alignment.

A layer scaled for a pop-in is a new layer each frame, so its planes are converted each frame of
the entrance (a fraction of a millisecond for a card at 1080p), as its BGR planes are scaled.
"""

from __future__ import annotations

import numpy as np

from studio.core import picture
from studio.core.composite import Layer, over_planes

# (B, G, R, A) premultiplied -> (Y, U, V, A), transposed for a row-vector product: the offset counts
# as much as the pixel's alpha.
_PREMULTIPLIED_BT601 = np.ascontiguousarray(np.vstack([np.hstack([picture.BT601[:, :3], picture.BT601[:, 3:] / 255.0]),
                                                       [[0.0, 0.0, 0.0, 1.0]]]).T.astype(np.float32))

_MATRIX_ROWS = tuple(float(value) for value in _PREMULTIPLIED_BT601.T[:3].reshape(-1))   # (Y, U, V) x (b, g, r, a)

try:   # the compiled conversion (studio/core/_pixels.c): 30x NumPy's product for a full-screen layer
    from studio.core._over import premultiplied_yuva as _c_yuva
except ImportError:
    _c_yuva = None


class _Luma:
    __slots__ = ("y", "inverse")

    def __init__(self, y: np.ndarray, inverse: np.ndarray) -> None:
        self.y, self.inverse = y, inverse


class _Chroma:
    __slots__ = ("u", "v", "inverse")

    def __init__(self, u: np.ndarray, v: np.ndarray, inverse: np.ndarray) -> None:
        self.u, self.v, self.inverse = u, v, inverse


def _premultiplied_yuva(layer: Layer) -> np.ndarray:
    """(H, W, 4) uint8: premultiplied Y, U, V and the alpha, of the whole layer (one matrix product)."""
    cache = layer.i420_planes
    yuva = cache.get("yuva")
    if yuva is None and _c_yuva is not None:
        yuva = cache["yuva"] = np.empty((layer.height, layer.width, 4), np.uint8)
        _c_yuva(np.ascontiguousarray(layer.bgr), np.ascontiguousarray(layer.inverse_alpha), yuva, _MATRIX_ROWS)
    elif yuva is None:
        height, width = layer.height, layer.width
        bgra = np.empty((height * width, 4), np.float32)
        bgra[:, :3] = layer.bgr.reshape(-1, 3)
        np.subtract(255, layer.inverse_alpha[:, :, 0].reshape(-1), out=bgra[:, 3])
        product = bgra @ _PREMULTIPLIED_BT601
        np.rint(product, out=product)
        np.clip(product, 0, 255, out=product)
        yuva = cache["yuva"] = product.astype(np.uint8).reshape(height, width, 4)
    return yuva


def luma_of(layer: Layer) -> _Luma:
    luma = layer.i420_planes.get("luma")
    if luma is None:
        luma = layer.i420_planes["luma"] = _Luma(np.ascontiguousarray(_premultiplied_yuva(layer)[:, :, 0]),
                                                 np.ascontiguousarray(layer.inverse_alpha[:, :, 0]))
    return luma


def chroma_of(layer: Layer, phase_x: int, phase_y: int) -> _Chroma:
    """The layer's chroma with its column 0 at an odd (phase_x 1) or even picture column, same for rows."""
    key = ("chroma", phase_x, phase_y)
    chroma = layer.i420_planes.get(key)
    if chroma is None:
        yuva = _premultiplied_yuva(layer)
        height, width = yuva.shape[:2]
        padded = np.pad(yuva, ((phase_y, (height + phase_y) % 2), (phase_x, (width + phase_x) % 2), (0, 0)))
        # Each 2x2 block's mean, rounded: (a + b + c + d + 2) // 4; four strided adds (a reshaped sum over
        # two axes is five times slower: 60 ms for a full-screen 1080p slate).
        total = padded[0::2, 0::2].astype(np.uint16)
        total += padded[1::2, 0::2]
        total += padded[0::2, 1::2]
        total += padded[1::2, 1::2]
        total += 2
        total >>= 2
        half = total.astype(np.uint8)
        chroma = layer.i420_planes[key] = _Chroma(np.ascontiguousarray(half[:, :, 1]), np.ascontiguousarray(half[:, :, 2]),
                                                  255 - half[:, :, 3])
        if "luma" in layer.i420_planes:
            # Not kept once both planes are made (4 bytes a pixel: 8 MB for a full-screen slate at
            # 1080p); a layer that moves to another alignment (a slide-in) converts it again, once.
            del layer.i420_planes["yuva"]
    return chroma


def prepare(layer: Layer, origin_x: int, origin_y: int, both_columns: bool = False) -> None:
    """Convert `layer`'s planes now for its place on an I420 picture (its column 0 at `origin_x`, row 0
    at `origin_y`), so the frame that first blends it converts nothing: a renderer's thread calls this
    as part of drawing the graphic (a full-screen slate's conversion is 20-30 ms of CPU at 1080p, and
    it was paid by the frame loop). `both_columns`: a scrolling layer meets both column alignments."""
    luma_of(layer)
    for phase_x in ((0, 1) if both_columns else (origin_x & 1,)):
        chroma_of(layer, phase_x, origin_y & 1)
    layer.i420_planes.pop("yuva", None)


def blend_layer_i420(frame: np.ndarray, layer: Layer, x: int, y: int, opacity: float = 1.0,
                     source_x: int = 0, source_width: int | None = None) -> None:
    """`composite.blend_layer` for an I420 `frame`: same placement, clipping, scrolling and fading."""
    if opacity <= 0.0:
        return
    width = layer.width - source_x if source_width is None else min(source_width, layer.width - source_x)
    frame_w, frame_h = picture.size_of(frame)
    left, top = max(x, 0), max(y, 0)
    right, bottom = min(x + width, frame_w), min(y + layer.height, frame_h)
    if right <= left or bottom <= top:
        return
    y_plane, u_plane, v_plane = picture.planes(frame)
    origin_x, origin_y = x - source_x, y  # where the layer's column 0 and row 0 fall on the picture
    luma = luma_of(layer)
    rows = slice(top - origin_y, bottom - origin_y)
    cols = slice(left - origin_x, right - origin_x)
    y_colour, y_inverse = luma.y[rows, cols], luma.inverse[rows, cols]

    phase_x, phase_y = origin_x & 1, origin_y & 1
    chroma = chroma_of(layer, phase_x, phase_y)
    grid_x, grid_y = (origin_x - phase_x) // 2, (origin_y - phase_y) // 2  # the padded chroma's (0, 0)
    c_left, c_right, c_top, c_bottom = left // 2, (right + 1) // 2, top // 2, (bottom + 1) // 2
    rows = slice(c_top - grid_y, c_bottom - grid_y)
    cols = slice(c_left - grid_x, c_right - grid_x)
    over_planes([y_plane[top:bottom, left:right], u_plane[c_top:c_bottom, c_left:c_right],
                 v_plane[c_top:c_bottom, c_left:c_right]], [y_colour, chroma.u[rows, cols], chroma.v[rows, cols]],
                [y_inverse, chroma.inverse[rows, cols], chroma.inverse[rows, cols]], opacity)
