"""One input of the switcher: pictures made on the input's own thread, the newest one wins.

A reader thread (a network stream's demuxer and decoder, a file played at its own pace, a
camera's capture thread) hands each picture to its feed; the engine thread asks the feed for
the newest picture when it composes a frame and never waits for one. A feed knows its state
(`connecting`, `listening`, `live`, `lost`), its picture's size, the rate pictures arrive at and
how long a picture takes from the reader to the program (`latency_ms`), for the control API.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from typing import Callable

import numpy as np

from studio.core import picture
from studio.core.secrets import redact_url

# How much lower an input's reader runs than the engine's frame loop and encoders (Linux nice steps):
# when the cores are short, a decode waits and its input holds its picture, the program's frame does not.
INPUT_NICENESS = 5


def lower_this_thread(steps: int = INPUT_NICENESS) -> None:
    """Lower the calling thread's priority (Linux schedules each thread by its own nice value; threads it
    starts inherit it). Elsewhere, or where not allowed, nothing changes."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + steps))
    except (AttributeError, OSError):
        pass


# (input name, state, reason), called on the reader's thread.
InputStateListener = Callable[[str, str, str], None]
# Arrival times kept for the measured rate: a second's worth at 60 fps, and some.
RATE_WINDOW = 90
CPU_WINDOW_S = 1.0      # the shortest window a reader's CPU share is measured over (the clock ticks at 10 ms)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class InputFeed:
    """The newest picture of one input and what is known about it. Readers call `publish` and
    `set_state`; the engine thread calls `newest`."""

    kind = "input"

    def __init__(self, name: str, spec: str, on_state: InputStateListener | None = None):
        self.name, self.spec = name, spec
        self._on_state = on_state
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._latest_at_s = 0.0          # monotonic time the reader handed the newest picture over
        self._served_at_s = -1.0
        self._arrivals: collections.deque[float] = collections.deque(maxlen=RATE_WINDOW)
        self._latency_s = 0.0
        self.state = "connecting"
        self.reason = ""
        self.picture_format = picture.BGR
        self.losses = self.recoveries = 0
        self._last_cpu: tuple[float, float] | None = None
        self._cpu_percent_shown: float | None = None
        self.picture_delay_s = 0.0
        # pictures waiting out `picture_delay_s` (a second's worth at most, newest last)
        self._delayed: collections.deque[tuple[float, np.ndarray]] = collections.deque(maxlen=60)

    # -- reader side (any thread) ------------------------------------------------------------------

    def publish(self, frame: np.ndarray, read_at_s: float | None = None) -> None:
        """A new picture (BGR, or I420 after `prefer_format`); `read_at_s` is when its data arrived. With a
        `picture_delay_s`, it is shown that long after it arrived (to meet its sound, which the mixer's ring
        delays as long)."""
        now_s = time.monotonic()
        with self._lock:
            if self.picture_delay_s > 0:
                self._delayed.append((now_s, frame))
            else:
                self._latest, self._latest_at_s = frame, now_s
            self._arrivals.append(now_s)
            if read_at_s is not None:
                self._latency_s = now_s - read_at_s + self.picture_delay_s
        if self.state != "live":
            self.set_state("live", "pictures arrive")

    def set_state(self, state: str, reason: str) -> None:
        if state == self.state:
            return
        if state == "lost":
            self.losses += 1
        elif state == "live" and self.state == "lost":
            self.recoveries += 1
        self.state, self.reason = state, reason
        if self._on_state is not None:
            self._on_state(self.name, state, reason)

    # -- engine thread -----------------------------------------------------------------------------

    def prefer_format(self, picture_format: str) -> None:
        """Pictures in the program's format when the reader can make them at no cost (a decoder)."""
        self.picture_format = picture_format

    def start(self) -> None:
        """Start the reader; a second call does nothing."""

    def newest(self, show_time_s: float) -> tuple[np.ndarray | None, bool]:
        """(the newest picture or None before the first, whether it is new since the last call)."""
        with self._lock:
            self._promote_due()
            fresh = self._latest is not None and self._latest_at_s != self._served_at_s
            self._served_at_s = self._latest_at_s
            return self._latest, fresh

    def _promote_due(self) -> None:
        """Under the lock: the delayed pictures whose time has come become the newest."""
        due_s = time.monotonic() - self.picture_delay_s
        while self._delayed and self._delayed[0][0] <= due_s:
            self._latest_at_s, self._latest = self._delayed.popleft()

    def age_s(self) -> float:
        """How long ago the newest picture arrived (infinite before the first)."""
        with self._lock:
            self._promote_due()
            return time.monotonic() - self._latest_at_s if self._latest is not None else float("inf")

    def info(self) -> dict:
        """What the control API and `studio control inputs` show of this input."""
        with self._lock:
            self._promote_due()
            latest = self._delayed[-1][1] if self._delayed else self._latest    # the newest arrived, for its size
            arrivals, latency_s = list(self._arrivals), self._latency_s
        now_s = time.monotonic()
        recent = [t for t in arrivals if now_s - t <= 1.0]
        width, height = picture.size_of(latest) if latest is not None else (0, 0)
        return {"name": self.name, "kind": self.kind, "spec": redact_url(self.spec), "state": self.state,
                "reason": self.reason,
                "width": width, "height": height, "fps": float(len(recent)),
                "latency_ms": round(latency_s * 1000, 1), "losses": self.losses, "recoveries": self.recoveries,
                "cpu_percent": self._cpu_percent(now_s)}

    def cpu_s(self) -> float | None:
        return None      # no thread of its own (a still image)

    def _cpu_percent(self, now_s: float) -> float | None:
        """The reader's share of one core since the last look at least CPU_WINDOW_S ago (None where the
        system does not tell): a client that looks often gets the last whole window's figure, not a
        few clock ticks' worth, and does not shorten the window of one that looks seldom."""
        last = self._last_cpu
        if last is not None and now_s - last[0] < CPU_WINDOW_S:
            return self._cpu_percent_shown
        cpu_s = self.cpu_s()
        if cpu_s is None:
            return None
        self._last_cpu = (now_s, cpu_s)
        if last is not None:
            self._cpu_percent_shown = round(max(0.0, 100 * (cpu_s - last[1]) / (now_s - last[0])), 1)  # a new child starts at 0
        return self._cpu_percent_shown

    def close(self) -> None:
        """Stop the reader and release what it holds; safe to call twice."""


class ThreadedFeed(InputFeed):
    """A feed whose reader is `read(stop)` running on a thread of its own until `stop` is set."""

    def __init__(self, name: str, spec: str, on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._read_below_the_program, args=(self._stop,),
                                            name=f"input {self.name}", daemon=True)
            self._thread.start()

    def _read_below_the_program(self, stop: threading.Event) -> None:
        lower_this_thread()
        self.read(stop)

    def cpu_s(self) -> float | None:
        """CPU seconds the reader thread has used (its decode), where the system tells (Linux)."""
        thread = self._thread
        tid = getattr(thread, "native_id", None)
        if tid is None:
            return None
        try:
            fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def read(self, stop: threading.Event) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
