"""Progress lines for long imports: at most one a second, none for a quick one."""

from __future__ import annotations

import time
from collections.abc import Callable


class ProgressLines:
    """Turns `(phase, done_bytes, total_bytes)` calls into lines for `write`.

    The first line comes only after `interval_s`, so an import that takes less
    says nothing; then at most one line per `interval_s`.
    """

    def __init__(self, label: str, write: Callable[[str], None], interval_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.label = label
        self.write = write
        self.interval_s = interval_s
        self.clock = clock
        self.last_s = clock()

    def __call__(self, phase: str, done_bytes: int, total_bytes: int) -> None:
        now_s = self.clock()
        if now_s - self.last_s < self.interval_s:
            return
        self.last_s = now_s
        percent = 100 * done_bytes / total_bytes if total_bytes else 100.0
        self.write(
            f"{self.label}: {phase} {percent:3.0f}% ({done_bytes / 1e6:.1f} of {total_bytes / 1e6:.1f} MB)"
        )
