"""Opening a camera through PyAV's FFmpeg: V4L2 on Linux, AVFoundation on macOS, DirectShow on Windows.

The device is asked for the canvas's size and rate; what it agreed to is read back from the stream
(a camera offers a fixed list of modes, and FFmpeg refuses a size it does not list: the device is
then opened in its own default mode, and the engine fits that into the canvas). Pictures come out
in the engine's format (I420 when the engine composes in I420 and the size is even, converted by
libswscale on the camera's thread from whatever the device sends: YUYV, MJPEG...), so a camera
costs the frame loop no colour conversion.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import av
import numpy as np

from studio.core import picture

OPEN_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class CameraMode:
    width: int
    height: int
    fps: float

    def __str__(self) -> str:
        return f"{self.width}x{self.height} @ {self.fps:g} fps"


def device_address(index: int, name: str | None = None, platform: str = sys.platform) -> tuple[str, str]:
    """(FFmpeg's input format, the device's address in it) for camera `index` (or `name`, on Windows)."""
    if platform == "darwin":
        return "avfoundation", f"{index}:none"
    if platform == "win32":
        return "dshow", f"video={name}" if name else f"video={index}"
    return "v4l2", f"/dev/video{index}"


def open_options(requested: CameraMode, input_format: str) -> dict[str, str]:
    """The demuxer's options asking for `requested` (names as `ffmpeg -f v4l2 -video_size ... -framerate ...`)."""
    options = {"video_size": f"{requested.width}x{requested.height}", "framerate": f"{requested.fps:g}"}
    if input_format == "avfoundation":
        options["pixel_format"] = "uyvy422"  # the one every Mac camera offers; FFmpeg's default is refused by some
    return options


class CameraDevice:
    """An open camera: `read()` blocks for the next picture (about a frame period)."""

    def __init__(self, container: av.container.InputContainer, picture_format: str) -> None:
        self._container = container
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        rate = stream.average_rate or stream.guessed_rate
        self.mode = CameraMode(stream.codec_context.width, stream.codec_context.height,
                               round(float(rate), 2) if rate else 0.0)
        self._format = picture.BGR
        self.prefer_format(picture_format)
        self._frames = container.decode(stream)

    def prefer_format(self, picture_format: str) -> None:
        """I420 pictures from the next read on, if the engine composes in I420 and the size is even."""
        even = self.mode.width % 2 == 0 and self.mode.height % 2 == 0
        self._format = picture.I420 if picture_format == picture.I420 and even else picture.BGR

    def read(self) -> np.ndarray | None:
        """The next picture, or None when the device failed (unplugged, gone quiet past the read timeout)."""
        try:
            frame = next(self._frames)
        except (av.FFmpegError, OSError, StopIteration):
            return None
        return frame.to_ndarray(format=self._format)

    def release(self) -> None:
        self._container.close()


def open_camera(index: int, requested: CameraMode, picture_format: str = picture.BGR,
                name: str | None = None) -> CameraDevice | None:
    """Camera `index` in `requested` mode if it offers it, else in its default one; None if it cannot be opened."""
    input_format, address = device_address(index, name)
    for options in (open_options(requested, input_format), {}):
        try:
            container = av.open(address, format=input_format, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S))
        except (av.FFmpegError, OSError):
            continue
        if not container.streams.video:
            container.close()
            return None
        return CameraDevice(container, picture_format)
    return None
