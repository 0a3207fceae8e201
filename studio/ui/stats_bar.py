"""The status bar: air time (or "not on air" and the time of day), fps, skipped frames, engine CPU,
disk left where the recording goes.

Everything but the disk comes from StatsUpdated (once a second). Disk space is read
here, at most every 5 s (shutil.disk_usage is one statfs call). On the left, the
feedback area (studio/ui/feedback.py): what the last action did, coloured by outcome;
`showMessage` lands there too, so every message is kept in its history.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QLabel, QStatusBar

from studio.disk_space import free_bytes
from studio.ui.feedback import Feedback, in_app
from studio.ui.locale_format import integer, number
from studio.ui.models.dict_table import clock_text, time_of_day
from studio.ui.show_state import ShowState

DISK_EVERY_S = 5.0


def disk_left_text(folder: Path) -> str:
    free = free_bytes(folder)
    return "disk ?" if free is None else f"disk {number(free / 1e9, 1)} GB free"


class StatsBar(QStatusBar):
    def __init__(self, state: ShowState, recording_folder: Path, parent=None):
        super().__init__(parent)
        self.state = state
        self.recording_folder = recording_folder
        self.feedback = Feedback(self)
        self.addWidget(self.feedback, 1)
        self.connection = QLabel("connecting…")
        self.clock, self.fps, self.skipped, self.cpu, self.disk = (QLabel() for _ in range(5))
        for label in (self.connection, self.clock, self.fps, self.skipped, self.cpu, self.disk):
            self.addPermanentWidget(label)
        self._disk_checked = 0.0
        state.changed.connect(lambda part: self.update_stats() if part == "stats" else None)
        state.error.connect(lambda message: self.feedback.report(in_app(message), "error"))
        state.link.connected.connect(lambda: self.connection.setText("engine connected"))
        state.link.disconnected.connect(lambda why: self.connection.setText(f"engine: {why}"))
        self.update_stats()

    def showMessage(self, text: str, timeout: int = 0) -> None:     # noqa: N802 - Qt's name
        """Into the feedback area (kept in its history), never over it."""
        if text:
            self.feedback.report(text, "info", timeout_ms=timeout or None)

    def currentMessage(self) -> str:     # noqa: N802 - Qt's name
        return self.feedback.text()

    def update_stats(self) -> None:
        stats = self.state.state.get("stats") or {}
        state = self.state.state
        if not state:                      # no engine state yet
            self.clock.setText("—")
        elif state.get("on_air", True):    # an engine from before the on-air clock: its show clock
            air_time = state.get("air_time_s", state.get("show_time_s", stats.get("show_time_s")))
            self.clock.setText(f"on air {clock_text(air_time) or '0:00'}")
        else:
            self.clock.setText(f"not on air · {time_of_day()}")
        self.fps.setText(f"{number(stats.get('fps') or 0, 1)} fps")
        skipped = stats.get("frames_skipped", 0)
        self.skipped.setText(f"skipped {integer(skipped)}")
        self.skipped.setStyleSheet("color: #ff5252;" if skipped else "")
        cpu = stats.get("cpu_percent")
        self.cpu.setText("CPU —" if cpu is None else f"CPU {number(cpu)} %")
        now = time.monotonic()
        if now - self._disk_checked >= DISK_EVERY_S:
            self._disk_checked = now
            self.disk.setText(disk_left_text(self.recording_folder))
