"""A `studio broadcast` running in the background whose stderr lines are timestamped as they arrive."""

from __future__ import annotations

import re
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
