"""Program pictures in the encoder's own format: I420 (yuv420p), kept so from the decoder to x264.

An I420 picture is one uint8 array of shape (height * 3 // 2, width): the Y plane (height x width),
then U and V (height/2 x width/2 each), exactly the buffer x264 reads, so composing into it costs
no colour conversion on the way to the encoder (studio/core/output/encoder.py copies it as it is).
A BGR picture is (height, width, 3), as Qt's and the tests' pictures are; the two are told
apart by their number of dimensions. Width and height of an I420 picture are even.

The colours are BT.601, limited range, in the fixed point of OpenCV's COLOR_BGR2YUV_I420 (the
studio converted with OpenCV before; studio/core/pixels.py makes the same bytes without it): black
is Y 16, U and V 128.

Where BGR is still needed (a camera's frames, the test card, the slate, the monitors the console
reads, the preview's graphics) it is converted at that edge, at the size it is needed: a monitor
converts a 640x360 copy, never the 1080p program.
"""

from __future__ import annotations

import numpy as np

from studio.core import pixels

BGR, I420 = "bgr24", "yuv420p"
BLACK_Y, NEUTRAL_CHROMA = 16, 128
# BT.601 limited range (studio/core/pixels.py's fixed point, in float): rows Y, U, V over (B, G, R, offset).
BT601 = np.array([[0.0980, 0.5041, 0.2568, 16.0],
                  [0.4392, -0.2910, -0.1482, 128.0],
                  [-0.0714, -0.3678, 0.4392, 128.0]], np.float32)


class PlanarI420:
    """An I420 picture held as three planes that need not share a buffer: a decoder's frame, viewed
    and not copied (`from_frame`). A file's picture is then copied once, from the decoder's planes
    into the canvas, where packing it into one array first copied it twice (1.2 ms a 1080p frame).
    Read-only; `is_i420`, `size_of` and `planes` take it as they take an I420 array, and `packed`
    makes the one-array form for the few that need it."""

    ndim = 2

    def __init__(self, y: np.ndarray, u: np.ndarray, v: np.ndarray, owner=None) -> None:
        self.y, self.u, self.v = y, u, v
        self._owner = owner          # what the views' memory belongs to (the decoder's frame), kept alive
        self._packed: np.ndarray | None = None

    @classmethod
    def from_frame(cls, frame) -> "PlanarI420":
        """Views of a yuv420p `av.VideoFrame`'s planes (each row contiguous, rows `line_size` apart)."""
        width, height = frame.width, frame.height
        views = []
        for plane, (w, h) in zip(frame.planes, ((width, height), (width // 2, height // 2), (width // 2, height // 2))):
            views.append(np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:h, :w])
        return cls(*views, owner=frame)

    @property
    def shape(self) -> tuple[int, int]:
        return self.y.shape[0] * 3 // 2, self.y.shape[1]

    def packed(self) -> np.ndarray:
        """The picture as one I420 array (made once)."""
        if self._packed is None:
            height, width = self.y.shape
            out = np.empty((height * 3 // 2, width), np.uint8)
            for src, dst in zip((self.y, self.u, self.v), planes(out)):
                np.copyto(dst, src)
            self._packed = out
        return self._packed


def packed(picture) -> np.ndarray:
    """`picture` as one array (a PlanarI420 packed; an array as it is)."""
    return picture.packed() if isinstance(picture, PlanarI420) else picture


def is_i420(picture: np.ndarray) -> bool:
    return picture.ndim == 2


def size_of(picture: np.ndarray) -> tuple[int, int]:
    """(width, height) of a BGR or I420 picture."""
    if is_i420(picture):
        return picture.shape[1], picture.shape[0] * 2 // 3
    return picture.shape[1], picture.shape[0]


def blank(width: int, height: int, picture_format: str = BGR) -> np.ndarray:
    """A black picture in `picture_format`."""
    if picture_format == BGR:
        return np.zeros((height, width, 3), np.uint8)
    if width % 2 or height % 2:
        raise ValueError(f"an I420 picture has an even width and height, not {width}x{height}")
    picture = np.empty((height * 3 // 2, width), np.uint8)
    picture[:height] = BLACK_Y
    picture[height:] = NEUTRAL_CHROMA
    return picture


def planes(picture: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Writable (Y, U, V) views of an I420 picture: (h, w), (h/2, w/2), (h/2, w/2) (a PlanarI420's: read-only)."""
    if isinstance(picture, PlanarI420):
        return picture.y, picture.u, picture.v
    width, height = size_of(picture)
    flat = picture.reshape(-1)
    luma = width * height
    quarter = luma // 4
    return (picture[:height],
            flat[luma:luma + quarter].reshape(height // 2, width // 2),
            flat[luma + quarter:luma + 2 * quarter].reshape(height // 2, width // 2))


def to_i420(bgr: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    width, height = size_of(bgr)
    if out is None:
        out = np.empty((height * 3 // 2, width), np.uint8)
    pixels.bgr_to_i420(bgr, out)
    return out


def to_bgr(i420: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    width, height = size_of(i420)
    if out is None:
        out = np.empty((height, width, 3), np.uint8)
    pixels.i420_to_bgr(np.ascontiguousarray(packed(i420)), out)
    return out


def as_format(picture: np.ndarray, picture_format: str) -> np.ndarray:
    """`picture` itself when it is in `picture_format`, else a converted copy."""
    if is_i420(picture) == (picture_format == I420):
        return picture
    return to_i420(picture) if picture_format == I420 else to_bgr(picture)


def resize_i420(source: np.ndarray, target: np.ndarray, interpolation: str = pixels.LINEAR) -> None:
    """Scale every plane of `source` into the same plane of `target` (whole pictures, I420 both)."""
    for src, dst in zip(planes(source), planes(target)):
        pixels.resize(src, dst, interpolation)


def bgr_at_size(picture: np.ndarray, out_bgr: np.ndarray, scratch: dict | None = None) -> None:
    """`picture` (BGR or I420) scaled into `out_bgr` (a monitor): an I420 picture is scaled plane by
    plane first and converted at the small size, so a monitor never converts the full program."""
    height, width = out_bgr.shape[:2]
    if not is_i420(picture):
        pixels.resize(picture, out_bgr, pixels.LINEAR)
        return
    if size_of(picture) == (width, height):
        to_bgr(picture, out_bgr)
        return
    key = (width, height)
    small = scratch.get(key) if scratch is not None else None
    if small is None:
        small = np.empty((height * 3 // 2, width), np.uint8)
        if scratch is not None:
            scratch[key] = small
    resize_i420(picture, small)
    to_bgr(small, out_bgr)
