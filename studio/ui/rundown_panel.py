"""The rundown: segments with planned and actual timing, the show clock, auto-advance.

The segment on air is red, the one cued in Preview green (F5/F6 cue; Take airs it).
Double-click a segment to air it at once (JumpToSegment: a jump, not a cue); drag a row to reorder it
(MoveSegment, persisted by the engine), or with Alt+Up/Down; edit a Planned length in its cell
(SetSegmentDuration); Remove (Delete) asks, then RemoveSegment (studio/ui/rundown_edit.py). An
empty show shows what to do instead of an empty table. The header line shows the segment's and
the show's elapsed time on air against plan, red when over; before Go Live (or the
recording's start) it reads "not on air" and the time of day.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from studio.ui.models.dict_table import clock_text, time_of_day
from studio.ui.models.rundown_model import RundownModel
from studio.ui.rundown_edit import EmptyShowState, RundownEditBar
from studio.ui.show_state import ShowState
from studio.wire import commands

OVER_STYLE = "color: #ff5252; font-weight: bold;"


def elapsed_vs_plan(elapsed_s: float | None, planned_s: float | None) -> tuple[str, bool]:
    """`1:10 / 2:00` and whether it is over."""
    if elapsed_s is None:
        return "—", False
    over = planned_s is not None and elapsed_s > planned_s
    return f"{clock_text(elapsed_s)} / {clock_text(planned_s) or '—'}", over


class RundownPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.model = RundownModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda index: self.jump_to(index.row()))
        self.view.setToolTip("Red: on air. Green: in Preview (F5/F6 cue it; Take airs it). "
                             "Double-click: air that segment now")
        self.segment_clock = QLabel("Segment —")
        self.show_clock = QLabel("Show —")
        self.auto_advance = QCheckBox("Auto-advance")
        self.auto_advance.setToolTip("Move to the next segment when the planned time is up")
        self.auto_advance.clicked.connect(
            lambda on: state.link.call(commands.SetAutoAdvance(enabled=bool(on))))
        self.model.move_requested.connect(self.move)
        self.model.product_dropped.connect(self.add_product)
        self.model.duration_requested.connect(self.set_duration)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.message.hide()                       # takes no room until there is something to say
        self.model.edit_refused.connect(self.say)
        self.edit_bar = RundownEditBar(self.view)
        self.edit_bar.move_requested.connect(self.move_and_show)
        self.edit_bar.remove_requested.connect(self.remove)
        self.empty_state = EmptyShowState()
        self.empty_state.hide()

        clocks = QHBoxLayout()
        for widget in (self.segment_clock, self.show_clock):
            clocks.addWidget(widget)
        clocks.addStretch(1)
        clocks.addWidget(self.auto_advance)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(clocks)
        layout.addWidget(self.empty_state, 1)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.edit_bar)
        state.changed.connect(self._on_change)

    def jump_to(self, index: int) -> None:
        self.state.link.call(commands.JumpToSegment(index=index))

    def add_product(self, sku: str, index: int) -> None:
        """A product dropped on the rundown becomes a product segment there (persisted by the engine)."""
        self.state.link.call(commands.AddSegment(sku=sku, index=index), on_done=self._move_done)

    def move(self, from_index: int, to_index: int) -> None:
        self.state.link.call(commands.MoveSegment(from_index=from_index, to_index=to_index), on_done=self._move_done)

    def move_and_show(self, from_index: int, to_index: int) -> None:
        """A move from the keys or buttons: the row moves at once, the engine persists it."""
        self.model.move_row(from_index, to_index + 1 if to_index > from_index else to_index)

    def remove(self, index: int) -> None:
        self.state.link.call(commands.RemoveSegment(index=index), on_done=self._move_done)

    def say(self, text: str) -> None:
        """A refusal under the list (an invalid length, the engine's reason); empty: nothing shown."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_duration(self, index: int, seconds: float) -> None:
        self.say("")
        self.state.link.call(commands.SetSegmentDuration(index=index, duration_s=seconds), on_done=self._move_done)

    def _move_done(self, result, error) -> None:
        self.say(error or "")
        if error is not None:
            self.state.error.emit(error)
        self.state.refresh()          # the engine's order is the truth, moved or not

    def _on_change(self, part: str) -> None:
        snapshot = self.state.state
        if part == "segments":
            segments = snapshot.get("segments") or []
            self.model.set_rows(segments)
            empty = not segments and snapshot.get("show") is not None
            self.empty_state.setVisible(empty)
            self.view.setVisible(not empty)
            self.edit_bar.setEnabled(not empty)
            self._update_clocks()
        elif part == "stats":
            self._update_clocks()
        elif part == "preview":
            cued = snapshot.get("preview_index") if snapshot.get("preview_kind") == "segment" else None
            self.model.set_preview(cued)
        elif part == "show":
            show = snapshot.get("show") or {}
            self.setWindowTitle(show.get("title") or show.get("name") or "")
        self.auto_advance.setChecked(bool(snapshot.get("auto_advance")))

    def _update_clocks(self) -> None:
        snapshot = self.state.state
        segments = snapshot.get("segments") or []
        index = snapshot.get("segment_index", -1)
        show_time = snapshot.get("show_time_s")
        current = segments[index] if isinstance(index, int) and 0 <= index < len(segments) else None
        on_air = snapshot.get("on_air", True)     # an engine from before the on-air clock: its show clock
        elapsed = None
        if on_air and current and current.get("actual_start_s") is not None and show_time is not None:
            elapsed = max(0.0, show_time - current["actual_start_s"])
        self.model.set_current(current.get("index") if current else None, elapsed)
        if not on_air:
            self.segment_clock.setText("Segment — not on air")
            self.show_clock.setText(f"Time of day {time_of_day()}")
            self.segment_clock.setStyleSheet("")
            self.show_clock.setStyleSheet("")
            return
        text, over = elapsed_vs_plan(elapsed, current.get("planned_duration_s") if current else None)
        self.segment_clock.setText(f"Segment {text}")
        self.segment_clock.setStyleSheet(OVER_STYLE if over else "")
        planned_total = sum(s.get("planned_duration_s") or 0 for s in segments) or None
        text, over = elapsed_vs_plan(snapshot.get("air_time_s", show_time), planned_total)
        self.show_clock.setText(f"On air {text}")
        self.show_clock.setStyleSheet(OVER_STYLE if over else "")
