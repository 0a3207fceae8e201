"""Still pictures in and out (PNG, JPEG, WebP, GIF...), through PyAV's FFmpeg: no second imaging library.

PyAV is already the studio's decoder and encoder; its FFmpeg reads every still format a catalog or an
image input brings (the first frame of an animated one), and writes the PNGs of `studio render` and
the JPEG thumbnails of the catalog requests. Pictures are BGR (h, w, 3) uint8, or BGRA when asked.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from studio.core import pixels


def decode_image(data: bytes | str | Path, with_alpha: bool = False) -> np.ndarray | None:
    """The first picture in `data` (its bytes, or a file's path) as BGR (BGRA `with_alpha`); None when it
    does not decode as a picture."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else str(data)
    try:
        with av.open(source) as container:
            if not container.streams.video:
                return None
            frame = next(container.decode(video=0), None)
            if frame is None:
                return None
            return frame.to_ndarray(format="bgra" if with_alpha else "bgr24")
    except (av.FFmpegError, OSError, StopIteration):
        return None


def encode_jpeg(bgr: np.ndarray, quantiser: int = 4) -> bytes:
    """`bgr` as a baseline JPEG; `quantiser` 2 (best) .. 31 (smallest): 4 is about libjpeg's quality 80."""
    height, width = bgr.shape[:2]
    codec = av.CodecContext.create("mjpeg", "w")
    codec.width, codec.height = width - width % 2, height - height % 2
    codec.pix_fmt, codec.time_base = "yuvj420p", Fraction(1, 1)
    codec.options = {"qmin": str(quantiser), "qmax": str(quantiser)}
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgr[:codec.height, :codec.width]), format="bgr24")
    packets = codec.encode(frame.reformat(format="yuvj420p")) + codec.encode(None)
    return b"".join(bytes(packet) for packet in packets)


def write_png(path: str | Path, bgr: np.ndarray) -> bool:
    """`bgr` as a PNG file at `path`; False when it could not be written."""
    height, width = bgr.shape[:2]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt, codec.time_base = width, height, "rgb24", Fraction(1, 1)
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgr), format="bgr24").reformat(format="rgb24")
    data = b"".join(bytes(packet) for packet in codec.encode(frame) + codec.encode(None))
    try:
        Path(path).write_bytes(data)
    except OSError:
        return False
    return True


def thumbnail(bgr: np.ndarray, longest_px: int) -> np.ndarray:
    """`bgr` reduced (area averaging) so that its longest side is at most `longest_px`."""
    scale = longest_px / max(bgr.shape[:2])
    if scale >= 1:
        return bgr
    height, width = (max(1, int(round(side * scale))) for side in bgr.shape[:2])
    return pixels.resized(np.ascontiguousarray(bgr), width, height, pixels.AREA)
