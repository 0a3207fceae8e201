"""A `studio broadcast` running in the background whose stderr lines are timestamped as they arrive."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from dataclasses import dataclass, field

from tests.broadcast.run_studio import start_studio


@dataclass
class TimedLine:
    at_s: float
    text: str


@dataclass
class LiveBroadcast:
    args: tuple[str, ...]
    lines: list[TimedLine] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.started_at_s = time.monotonic()
        self.process = start_studio("broadcast", *self.args, start_new_session=True)
        _started.append(self)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(TimedLine(time.monotonic(), line.rstrip("\n")))

    def wait_for_line(self, pattern: str, timeout_s: float, after_s: float = 0.0) -> TimedLine:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if line.at_s >= after_s and regex.search(line.text):
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} within {timeout_s} s; got:\n" + self.text())

    def wait_for_show_time(self, at_least_s: int, timeout_s: float) -> TimedLine:
        """The first progress line (`MM:SS | ...`) at `at_least_s` of show time or later. Not a line for
        that very second: on a loaded machine one can be missing (start-up ends at 00:00, next 00:02)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.match(r"^(\d+):(\d\d) \|", line.text)
                if match and int(match.group(1)) * 60 + int(match.group(2)) >= at_least_s:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no progress line at {at_least_s} s of show time or later within {timeout_s} s; got:\n"
                             + self.text())

    def stop(self) -> None:
        """SIGTERM to the broadcast, as Ctrl-C: it ends the show cleanly (stats, recordings, exit code), so a
        test can end once it has seen what it waits for instead of playing out a fixed length."""
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout_s: float = 120) -> int:
        code = self.process.wait(timeout=timeout_s)
        self._reader.join(timeout=5)
        return code

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def last_show_time_s(self) -> float:
        """Show time in the newest progress line (`MM:SS | ...`)."""
        for line in reversed(self.lines):
            match = re.match(r"^(\d+):(\d\d) \|", line.text)
            if match:
                return int(match.group(1)) * 60 + int(match.group(2))
        return 0.0


_started: list[LiveBroadcast] = []


def kill_leftover_broadcasts() -> None:
    """After each test: a broadcast its test left running (it failed before the end; some have no
    --duration) is killed with its workers, so it cannot load the machine under the next tests."""
    while _started:
        live = _started.pop()
        if live.process.poll() is None:
            try:
                os.killpg(live.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            live.process.wait(timeout=10)


def label_of(server, stream: str) -> str:
    """How the studio names an RTMP destination of `server` in its lines and stats: the key masked."""
    return f"rtmp://127.0.0.1:{server.port}/live/****"
