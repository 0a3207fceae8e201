"""The as-run log as it happens: every AsRunEntry event, newest at the bottom."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from studio.ui.models.dict_table import clock_text
from studio.ui.show_state import ShowState

MAX_LINES = 500


def entry_text(entry: dict) -> str:
    details = entry.get("details") or {}
    what = ", ".join(f"{k}={v}" for k, v in details.items()) if isinstance(details, dict) else str(details)
    return f"{clock_text(entry.get('show_time_s')) or '—'}  {entry.get('event', '')}  {what}".rstrip()


class AsRunPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        state.as_run.connect(self.add_entry)

    def add_entry(self, entry: dict) -> None:
        self.list.addItem(entry_text(entry))
        while self.list.count() > MAX_LINES:
            self.list.takeItem(0)
        self.list.scrollToBottom()

    def lines(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]
