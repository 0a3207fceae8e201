"""Blends pre-rendered graphics layers onto program frames, region by region.

A layer is premultiplied, so "over" is  out = src + dst * (255 - alpha) / 255.
The (255 - alpha) plane and the colour planes are prepared once when the layer
is rendered; per frame only the layer's region of the frame is touched, in
place (no temporary plane), and only inside the layer's visible box: the fully
transparent rows and columns around it (a ticker's text band, a logo's shadow
margin) are cut off once (`trimmed`), since blending them changes nothing.

The blend itself is one integer pass, studio/core/_over.c (built by setup.py),
releasing the GIL while it runs. Where that extension could not be built, the
same bytes come from NumPy (`numpy_over`), at several times the CPU; see
docs/performance.md for how the loop compares with OpenCV's multiply and add,
which the compositor used before.
"""

from __future__ import annotations

import numpy as np

from studio.core import pixels

try:
    from studio.core._over import over as _fused_over
except ImportError:  # not compiled here (no C compiler at install time): NumPy does it
    _fused_over = None
try:
    from studio.core._over import over_planes as _fused_over_planes
except ImportError:  # not compiled, or built before the I420 entry (`make setup` rebuilds it)
    _fused_over_planes = None

class Layer:
    """Blend-ready planes of one premultiplied BGRA image."""

    __slots__ = ("bgr", "inverse_alpha", "height", "width", "i420_planes")

    def __init__(self, bgr: np.ndarray, inverse_alpha: np.ndarray) -> None:
        self.bgr = bgr
        self.inverse_alpha = inverse_alpha
        self.height, self.width = bgr.shape[:2]
        # Its planes for I420 pictures, converted once when first blended into one (composite_i420.py).
        self.i420_planes: dict = {}

    @classmethod
    def from_premultiplied_bgra(cls, bgra: np.ndarray) -> "Layer":
        """Copies out of `bgra`, so the QImage it views may be freed afterwards."""
        bgr = np.ascontiguousarray(bgra[:, :, :3])
        inverse_alpha = np.repeat((255 - bgra[:, :, 3])[:, :, None], 3, axis=2)
        return cls(bgr, inverse_alpha)

    def trimmed(self, rows_only: bool = False) -> tuple["Layer", int, int]:
        """This layer without its fully transparent margins, and where the kept box starts (dx, dy).
        `rows_only` keeps every column (a scrolling layer's columns are its scroll positions)."""
        covered = self.inverse_alpha[:, :, 0] < 255
        rows = np.flatnonzero(covered.any(axis=1))
        if rows.size == 0:
            return Layer(self.bgr[:0, :0], self.inverse_alpha[:0, :0]), 0, 0
        top, bottom = int(rows[0]), int(rows[-1]) + 1
        left, right = 0, self.width
        if not rows_only:
            columns = np.flatnonzero(covered[top:bottom].any(axis=0))
            left, right = int(columns[0]), int(columns[-1]) + 1
        if (top, bottom, left, right) == (0, self.height, 0, self.width):
            return self, 0, 0
        return Layer(np.ascontiguousarray(self.bgr[top:bottom, left:right]),
                     np.ascontiguousarray(self.inverse_alpha[top:bottom, left:right])), left, top

    def resized(self, width: int, height: int) -> "Layer":
        """A scaled copy (for pop-in animations); premultiplied planes interpolate correctly."""
        size = (max(1, width), max(1, height))
        return Layer(pixels.resized(self.bgr, *size, pixels.LINEAR),
                     pixels.resized(self.inverse_alpha, *size, pixels.LINEAR))


def blend_layer(
    frame: np.ndarray,
    layer: Layer,
    x: int,
    y: int,
    opacity: float = 1.0,
    source_x: int = 0,
    source_width: int | None = None,
) -> None:
    """Blend `layer` (or the columns source_x..source_x+source_width of it) onto `frame` at (x, y), in place.

    Parts outside the frame are clipped, so graphics can slide in from off-screen. An I420 `frame`
    (studio/core/picture.py) is blended plane by plane (studio/core/composite_i420.py).
    """
    if frame.ndim == 2:
        composite_i420.blend_layer_i420(frame, layer, x, y, opacity, source_x, source_width)
        return
    if opacity <= 0.0:
        return
    width = layer.width - source_x if source_width is None else min(source_width, layer.width - source_x)
    frame_h, frame_w = frame.shape[:2]
    left, top = max(x, 0), max(y, 0)
    right, bottom = min(x + width, frame_w), min(y + layer.height, frame_h)
    if right <= left or bottom <= top:
        return
    src_left = source_x + left - x
    src_top = top - y
    rows = slice(src_top, src_top + bottom - top)
    cols = slice(src_left, src_left + right - left)
    colour = layer.bgr[rows, cols]
    inverse_alpha = layer.inverse_alpha[rows, cols]
    target = frame[top:bottom, left:right]
    if opacity < 1.0:
        # Fading scales the premultiplied colour and the coverage alike: 255 - a*k = 255 - k*(255 - inv).
        colour = pixels.scaled(colour, opacity)
        inverse_alpha = pixels.scaled(inverse_alpha, opacity, 255.0 * (1.0 - opacity))
    over(target, colour, inverse_alpha)


def over(target: np.ndarray, colour: np.ndarray, inverse_alpha: np.ndarray) -> None:
    """target = colour + target * inverse_alpha / 255 in place: the compiled loop, else NumPy."""
    if _fused_over is not None:
        _fused_over(target, colour, inverse_alpha)
    else:
        numpy_over(target, colour, inverse_alpha)


def over_planes(targets: list[np.ndarray], colours: list[np.ndarray], inverses: list[np.ndarray],
                opacity: float = 1.0) -> None:
    """`over` of each (target, colour, inverse) in turn (an I420 layer's Y, U, V), the layer faded to
    `opacity`: one call of the compiled loop (which fades as it blends), else NumPy plane by plane."""
    if _fused_over_planes is not None:
        _fused_over_planes(targets, colours, inverses, int(round(min(1.0, max(0.0, opacity)) * 65536)))
        return
    for target, colour, inverse in zip(targets, colours, inverses):
        if opacity < 1.0:
            colour, inverse = pixels.scaled(colour, opacity), pixels.scaled(inverse, opacity, 255.0 * (1.0 - opacity))
        numpy_over(target, colour, inverse)


def numpy_over(target: np.ndarray, colour: np.ndarray, inverse_alpha: np.ndarray) -> None:
    """target = colour + target * inverse_alpha / 255, rounded and saturated as uint8, in place:
    what studio/core/_over.c computes (round(x / 255) as (t + (t >> 8)) >> 8, t = x + 128), with NumPy."""
    product = target.astype(np.uint16) * inverse_alpha + 128
    product = (product + (product >> 8)) >> 8
    np.copyto(target, np.minimum(product + colour, 255).astype(np.uint8))


# Below the names it uses (Layer, over): the I420 path imports them from this module.
from studio.core import composite_i420  # noqa: E402  (the module, not its name: either may be imported first)
