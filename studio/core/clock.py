"""The show clock: the single source of every output timestamp.

Frame N is shown at N / fps seconds of show time, whatever the sources do, so
the program runs at a constant frame rate and audio and video share one origin.
"""

from __future__ import annotations

import time
from typing import Callable


class ShowClock:
    def __init__(
        self,
        fps: int,
        realtime: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.fps = fps
        self.realtime = realtime
        self._monotonic = monotonic
        self._sleep = sleep
        self._origin_s: float | None = None

    def start(self) -> None:
        self._origin_s = self._monotonic()

    def frame_time_s(self, frame_index: int) -> float:
        return frame_index / self.fps

    def elapsed_s(self) -> float:
        """Wall time since the show started (not show time, which can lag it)."""
        if self._origin_s is None:
            return 0.0
        return self._monotonic() - self._origin_s

    def seconds_until(self, frame_index: int) -> float:
        """How long until frame `frame_index` is due (negative: late); 0 when not paced to real time."""
        if self._origin_s is None:
            self.start()
        if not self.realtime:
            return 0.0
        return self._origin_s + self.frame_time_s(frame_index) - self._monotonic()

    def wait_for_frame(self, frame_index: int) -> float:
        """Block until frame `frame_index` is due; returns how late it is, in seconds.

        In as-fast-as-possible mode it never waits and reports zero lateness.
        """
        if self._origin_s is None:
            self.start()
        if not self.realtime:
            return 0.0
        due_s = self._origin_s + self.frame_time_s(frame_index)
        ahead_s = due_s - self._monotonic()
        if ahead_s > 0:
            self._sleep(ahead_s)
            return 0.0
        return -ahead_s
