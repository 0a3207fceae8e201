"""A camera read by OpenCV on its own thread; the newest frame wins.

Reading a V4L2/AVFoundation/DirectShow device blocks for up to a frame period,
so it never happens on the engine thread. The engine asks for the newest
frame; a camera that stops delivering is reported through `frame_age_s`, and
after `stale_after_s` `frame_at` returns None so the engine can show a slate.
"""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np

from studio.core.capture.source import VideoSource
from studio.errors import UserInputError

OPEN_TIMEOUT_S = 5.0

# OpenCV's own warnings about absent devices would bury our one-line error.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


class CameraSource(VideoSource):
    def __init__(self, index: int, width: int, height: int, fps: int, stale_after_s: float = 2.0):
        self.index = index
        self.description = f"camera {index}"
        self._requested = (width, height, fps)
        self._stale_after_s = stale_after_s
        self._capture: cv2.VideoCapture | None = None
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._latest_at_s = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._capture is not None:
            return
        capture = cv2.VideoCapture(self.index)
        if not capture.isOpened():
            capture.release()
            raise UserInputError(f"camera {self.index} could not be opened (no such device, or it is busy)")
        width, height, fps = self._requested
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        capture.set(cv2.CAP_PROP_FPS, fps)
        self._capture = capture
        self._thread = threading.Thread(target=self._read_loop, name=f"camera-{self.index}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + OPEN_TIMEOUT_S
        while self._latest is None and time.monotonic() < deadline and self._thread.is_alive():
            time.sleep(0.01)
        if self._latest is None:
            self.close()
            raise UserInputError(f"camera {self.index} opened but delivered no picture within {OPEN_TIMEOUT_S:.0f} s")

    def _read_loop(self) -> None:
        assert self._capture is not None
        while not self._stop.is_set():
            ok, frame = self._capture.read()
            if not ok:
                time.sleep(0.01)
                continue
            with self._lock:
                self._latest = frame
                self._latest_at_s = time.monotonic()

    @property
    def frame_age_s(self) -> float:
        with self._lock:
            return time.monotonic() - self._latest_at_s if self._latest is not None else float("inf")

    def frame_at(self, show_time_s: float) -> np.ndarray | None:
        with self._lock:
            if self._latest is None or time.monotonic() - self._latest_at_s > self._stale_after_s:
                return None
            return self._latest

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        if self._capture is not None:
            self._capture.release()
            self._capture = None
