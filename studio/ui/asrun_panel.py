"""The as-run log as it happens: a table (time on air, event, product, details), newest at the bottom.

Every AsRunEntry event is a row. "Time on air" is the entry's show time less the moment
air time started (GetShowState's `on_air_since_s`); an entry logged in rehearsal
(`off_air` in its details) reads "off air", dimmed. The product column is the entry's
SKU with its title from the catalog when the window knows it. The view follows the
newest row unless the producer has scrolled up to read. Opening another show (`ShowChanged` with
`opened`) empties the table: the rows that follow are the new show's run; a rename keeps them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from studio.ui.models.dict_table import clock_text
from studio.ui.show_state import ShowState

MAX_ROWS = 500
COLUMNS = ("Time on air", "Event", "Product", "Details")
DIM = QColor("#8a8f98")
EVENT_WORDS = {"product_taken": "Take", "product_cleared": "Product cleared", "go_live": "Go live", "stop": "Stop",
               "graphic_shown": "Graphic shown", "graphic_hidden": "Graphic hidden", "countdown_start": "Countdown",
               "countdown_end": "Countdown ended", "segment_start": "Segment", "marker": "Marker",
               "source_changed": "Source", "on_air": "On air", "off_air": "Off air"}
HIDDEN_DETAILS = ("sku", "off_air", "frame")


def air_time_text(entry: dict, on_air_since_s: float | None) -> str:
    details = entry.get("details") or {}
    if isinstance(details, dict) and details.get("off_air"):
        return "off air"
    show_time = entry.get("show_time_s")
    if show_time is None:
        return "—"
    if on_air_since_s is None:
        return clock_text(show_time)
    return clock_text(max(0.0, show_time - on_air_since_s))


def details_text(details) -> str:
    if not isinstance(details, dict):
        return str(details or "")
    parts = []
    for key, value in details.items():
        if key in HIDDEN_DETAILS or value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v not in (None, ""))
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


class AsRunPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("as_run_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        state.as_run.connect(self.add_entry)
        state.link.event_received.connect(self._on_event)

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type == "ShowChanged" and data.get("opened"):
            self.table.setRowCount(0)

    def _product(self, details) -> str:
        sku = details.get("sku") if isinstance(details, dict) else None
        if not sku:
            return ""
        for product in (self.state.state.get("program"), self.state.state.get("preview")):
            if product and product.get("sku") == sku and product.get("title"):
                return f"{product['title']} ({sku})"
        return sku

    def add_entry(self, entry: dict) -> None:
        scrollbar = self.table.verticalScrollBar()
        following = scrollbar.value() >= scrollbar.maximum() - 2
        details = entry.get("details") or {}
        event = entry.get("event", "")
        cells = (air_time_text(entry, self.state.state.get("on_air_since_s")), EVENT_WORDS.get(event, event),
                 self._product(details), details_text(details))
        row = self.table.rowCount()
        self.table.insertRow(row)
        off_air = isinstance(details, dict) and details.get("off_air")
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if off_air:
                item.setForeground(DIM)
            self.table.setItem(row, column, item)
        while self.table.rowCount() > MAX_ROWS:
            self.table.removeRow(0)
        if following:
            self.table.scrollToBottom()

    def rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(row, column).text() for column in range(len(COLUMNS)))
                for row in range(self.table.rowCount())]

    def lines(self) -> list[str]:
        """Each row as one line (time, event, product, details), for tests and copying."""
        return ["  ".join(cell for cell in row if cell) for row in self.rows()]
