"""A camera read on its own thread (PyAV: studio/core/capture/camera_device.py); the newest frame wins.

Reading a V4L2/AVFoundation/DirectShow device blocks for up to a frame period,
so it never happens on the engine thread. The engine asks for the newest
frame and gets None when nothing new has arrived since it last asked: it then
repeats the last picture, and puts up the slate 2 s after the last new one.
A camera that keeps failing is released and reopened by the same thread, with
backoff, until it delivers again (unplugged and plugged back in).
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Protocol

import numpy as np

from studio.core import picture
from studio.core.capture.camera_device import OPEN_TIMEOUT_S, CameraMode, open_camera
from studio.core.capture.source import VideoSource
from studio.errors import UserInputError

# After this long without a good read, the device is released and opened again.
REOPEN_AFTER_S = 1.0
FIRST_RETRY_S = 0.5
MAX_RETRY_S = 5.0

__all__ = ["CameraMode", "CameraSource", "CaptureDevice"]


class CaptureDevice(Protocol):
    """What CameraSource needs of an open camera (camera_device.CameraDevice; a fake one in tests)."""

    mode: CameraMode  # what the device agreed to

    def read(self) -> np.ndarray | None: ...  # the next picture, None when the device failed
    def release(self) -> None: ...


# (index, requested mode, picture format, name) -> an open device, or None when it cannot be opened.
CameraOpener = Callable[[int, CameraMode, str, "str | None"], "CaptureDevice | None"]


class CameraSource(VideoSource):
    def __init__(self, index: int, width: int, height: int, fps: int,
                 name: str | None = None, opener: CameraOpener = open_camera,
                 on_state_change: Callable[[str, str], None] | None = None):
        self.index = index
        self.name = name
        self.picture_format = picture.BGR
        self.description = f"camera {index}" + (f" ({name})" if name else "")
        self.requested = CameraMode(width, height, fps)
        self.actual: CameraMode | None = None  # what the device agreed to, once open
        self.reopens = 0
        self._opener = opener
        self._on_state_change = on_state_change
        self._capture: CaptureDevice | None = None
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._latest_at_s = 0.0
        self._served_at_s = -1.0  # capture time of the frame frame_at last handed out
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._capture = self._open()
        if self._capture is None:
            raise UserInputError(f"{self.description} could not be opened (no such device, or it is busy)")
        self._thread = threading.Thread(target=self._read_loop, name=f"camera-{self.index}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + OPEN_TIMEOUT_S
        while self._latest is None and time.monotonic() < deadline and self._thread.is_alive():
            time.sleep(0.01)
        if self._latest is None:
            self.close()
            raise UserInputError(f"{self.description} opened but delivered no picture within {OPEN_TIMEOUT_S:.0f} s")

    def prefer_format(self, picture_format: str) -> None:
        """Pictures in the engine's format, converted on the camera's thread (the session opens the camera
        before the engine says its format: an open device switches at its next picture)."""
        self.picture_format = picture_format
        device = self._capture
        if device is not None and hasattr(device, "prefer_format"):
            device.prefer_format(picture_format)

    def _open(self) -> CaptureDevice | None:
        capture = self._opener(self.index, self.requested, self.picture_format, self.name)
        if capture is not None:
            self.actual = capture.mode
        return capture

    def _read_loop(self) -> None:
        last_good_s = time.monotonic()
        while not self._stop.is_set():
            frame = self._capture.read() if self._capture is not None else None
            if frame is not None:
                last_good_s = time.monotonic()
                with self._lock:
                    self._latest = frame
                    self._latest_at_s = last_good_s
                continue
            if time.monotonic() - last_good_s < REOPEN_AFTER_S:
                self._stop.wait(0.01)
                continue
            self._report("lost", "the camera stopped delivering pictures")
            self._reopen_until_back()
            last_good_s = time.monotonic()

    def _reopen_until_back(self) -> None:
        wait_s = FIRST_RETRY_S
        while not self._stop.wait(wait_s):
            if self._capture is not None:
                self._capture.release()
                self._capture = None
            self._capture = self._open()
            if self._capture is not None:
                if self._capture.read() is not None:
                    self.reopens += 1
                    self._report("live", f"the camera is back ({self.actual})")
                    return
            wait_s = min(wait_s * 1.5, MAX_RETRY_S)

    def _report(self, state: str, reason: str) -> None:
        if self._on_state_change is not None:
            self._on_state_change(state, reason)

    @property
    def frame_age_s(self) -> float:
        with self._lock:
            return time.monotonic() - self._latest_at_s if self._latest is not None else float("inf")

    def frame_at(self, show_time_s: float) -> np.ndarray | None:
        """The newest frame if it is new since the last call, else None (the engine repeats)."""
        with self._lock:
            if self._latest is None or self._latest_at_s == self._served_at_s:
                return None
            self._served_at_s = self._latest_at_s
            return self._latest

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        if self._capture is not None:
            self._capture.release()
            self._capture = None
