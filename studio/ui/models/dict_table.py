"""A read-mostly table over a list of plain dicts, one column per declared field.

Rows are identified by a key field: when a new list has the same keys in the same
order (a 1 Hz health update, a timing tick) only dataChanged is emitted, so the
selection and the editor a producer has open survive; otherwise the model resets.
"""

from __future__ import annotations

import datetime

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[dict], str]
    align_right: bool = False


class DictTableModel(QAbstractTableModel):
    columns: Sequence[Column] = ()
    key_field = "id"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []

    # --- feeding ----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[dict]) -> None:
        rows = [dict(row) for row in rows]
        if [self._key(r) for r in rows] == [self._key(r) for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def row_of(self, key: Any) -> int:
        for row, item in enumerate(self._rows):
            if self._key(item) == key:
                return row
        return -1

    def _key(self, row: dict) -> Any:
        return row.get(self.key_field)

    # --- Qt ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.row_role(row, index.column(), role)

    def row_role(self, row: dict, column: int, role: int):
        """Colours and fonts for a row; subclasses override."""
        return None


def time_of_day() -> str:
    """`14:03:22`, this machine's local time: what the console shows while the show is not on air."""
    return datetime.datetime.now().strftime("%H:%M:%S")


def clock_text(seconds: float | None) -> str:
    """`4:05`, `1:02:03`, or an empty cell."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"
