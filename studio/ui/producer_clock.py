"""The producer's clock, above the monitors: the segment's time left (large), the show's time on air, the time of day.

Everything comes from the engine (GetShowState and StatsUpdated: `show_time_s`, `on_air`,
`air_time_s`, `time_of_day`, each segment's `actual_start_s` and `planned_duration_s`),
never from a timer of the window's, so the clock reads what the engine's show clock
reads and cannot drift from it. The segment's time left counts down from its planned
length; amber in its last 30 s, red (counting the overrun as −0:12) when over. Before
Go Live (rehearsal) the segment's clock has not started: it shows the planned length,
dimmed, and "not on air".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from studio.ui.models.dict_table import clock_text
from studio.ui.show_state import ShowState

AMBER_AT_S = 30
AMBER, RED, DIM = "#ffb300", "#ff5252", "#8a8f98"
MINUS = "\u2212"


def time_left(snapshot: dict) -> tuple[float | None, float | None]:
    """(seconds left in the segment on air, its planned length); left is None when its clock has not started."""
    segments = snapshot.get("segments") or []
    index = snapshot.get("segment_index", -1)
    current = segments[index] if isinstance(index, int) and 0 <= index < len(segments) else None
    if current is None:
        return None, None
    planned = current.get("planned_duration_s")
    start, now = current.get("actual_start_s"), snapshot.get("show_time_s")
    if planned is None or start is None or now is None or not snapshot.get("on_air", False):
        return None, planned
    return planned - max(0.0, now - start), planned


def left_text(seconds: float) -> str:
    """`0:42`, or the overrun as `−0:12`."""
    return clock_text(seconds) if seconds >= 0 else MINUS + clock_text(-seconds)


def urgency(left_s: float | None) -> str:
    if left_s is None:
        return "idle"
    return "over" if left_s < 0 else ("amber" if left_s <= AMBER_AT_S else "ok")


class ProducerClock(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("producer_clock")
        self.state = state
        self.segment_left = self._value("segment_left", 24)
        self.air_time = self._value("air_time", 16)
        self.time_of_day = self._value("time_of_day", 16)
        self.segment_caption = self._caption("SEGMENT LEFT")
        self.air_caption = self._caption("ON AIR")
        self.day_caption = self._caption("TIME OF DAY")
        self.segment_left.setToolTip("Time left in the segment on air (the engine's show clock): "
                                     "amber in the last 30 s, red when over")
        self.air_time.setToolTip("The show's time on air, from Go Live (or the recording's start)")
        self.time_of_day.setToolTip("The time of day on the engine's machine")
        self.urgency = "idle"
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 0, 8, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(0)
        for column, (caption, value) in enumerate(((self.segment_caption, self.segment_left),
                                                   (self.air_caption, self.air_time),
                                                   (self.day_caption, self.time_of_day))):
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 2 if column == 0 else 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        state.changed.connect(lambda part: self.update_clock() if part in ("stats", "segments", "live") else None)
        self.update_clock()

    def _value(self, name: str, points: int) -> QLabel:
        label = QLabel("—", objectName=name)
        label.setProperty("points", points)       # in the label's style sheet, which a colour change rewrites
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._style(label, "")
        return label

    @staticmethod
    def _style(label: QLabel, colour: str) -> None:
        colour = f"color: {colour};" if colour else ""
        label.setStyleSheet(f"font-size: {label.property('points')}pt; font-weight: bold; {colour}")

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text, objectName="clock_caption")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(f"color: {DIM}; font-size: 8pt; font-weight: bold;")
        return label

    def update_clock(self) -> None:
        snapshot = self.state.state
        on_air = bool(snapshot.get("on_air", False))
        left, planned = time_left(snapshot)
        self.urgency = urgency(left)
        if left is not None:
            self.segment_left.setText(left_text(left))
            self.segment_caption.setText("SEGMENT LEFT" if left >= 0 else "SEGMENT OVER")
        else:
            self.segment_left.setText(clock_text(planned) if planned is not None else "—")
            self.segment_caption.setText("SEGMENT · NOT ON AIR" if snapshot else "SEGMENT LEFT")
        colour = {"amber": AMBER, "over": RED, "idle": DIM}.get(self.urgency, "")
        self._style(self.segment_left, colour)
        air = snapshot.get("air_time_s")
        self.air_time.setText(clock_text(air) if on_air and air is not None else "not on air")
        self._style(self.air_time, "" if on_air else DIM)
        self.time_of_day.setText(snapshot.get("time_of_day") or "—")
