"""The show's segments: planned and actual timing, the one on air red, the one cued in Preview green, over-time red.

Fed the `segments` of GetShowState (index, kind, title, sku, planned_duration_s,
actual_start_s, actual_duration_s) and, each second, the show clock. Dragging a row emits `move_requested(from, to)`
(the rundown positions); dropping a product emits `product_dropped(sku, position)`. The Planned cell
is edited in place (`90`, `1:30`, `2m`): a valid length emits `duration_requested(index, seconds)`,
an invalid one `edit_refused(reason)` and nothing is sent.
The model moves the row at once so the view does not jump back while the engine
persists the move; the engine's next state is the truth either way.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from studio.ui.models.dict_table import Column, DictTableModel, Index, clock_text
from studio.ui.models.mime import PRODUCT_MIME, SEGMENT_MIME, sku_from
from studio.ui.validators import check_duration

OVER_TIME = QColor("#ff5252")
ON_AIR_BACKGROUND = QColor("#5a1f1f")         # Program: red, as the monitor's tally
PREVIEW_BACKGROUND = QColor("#1f4a2a")        # Preview: green, as OBS's multiview
DONE = QColor("#8a8a8a")
PLANNED_COLUMN = 2


class RundownModel(DictTableModel):
    key_field = "index"
    move_requested = Signal(int, int)
    product_dropped = Signal(str, int)
    duration_requested = Signal(int, float)     # (segment index, seconds): a valid planned length typed
    edit_refused = Signal(str)                  # why a typed length was refused (nothing is sent)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._current_id = None
        self._preview_id = None
        self._elapsed_s: float | None = None
        self.columns = (
            Column("#", lambda s: str(s.get("index", 0) + 1), align_right=True),
            Column("Segment", lambda s: s.get("title") or s.get("sku") or s.get("kind", "")),
            Column("Planned", lambda s: clock_text(s.get("planned_duration_s")), align_right=True),
            Column("Actual", lambda s: clock_text(self._actual(s)), align_right=True),
        )

    def set_current(self, segment_index: int | None, elapsed_s: float | None) -> None:
        """The segment on air and how long it has been (1 Hz from the engine's show clock)."""
        self._current_id, self._elapsed_s = segment_index, elapsed_s
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def set_preview(self, segment_index: int | None) -> None:
        """The segment cued in Preview (None: a product is there, or nothing)."""
        if segment_index != self._preview_id:
            self._preview_id = segment_index
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    @property
    def preview_row(self) -> int:
        return self.row_of(self._preview_id) if self._preview_id is not None else -1

    @property
    def current_row(self) -> int:
        return self.row_of(self._current_id) if self._current_id is not None else -1

    def _actual(self, segment: dict) -> float | None:
        if segment.get("index") == self._current_id and self._elapsed_s is not None:
            return self._elapsed_s
        return segment.get("actual_duration_s")

    def is_over_time(self, segment: dict) -> bool:
        actual, planned = self._actual(segment), segment.get("planned_duration_s")
        return actual is not None and planned is not None and actual > planned

    def row_role(self, segment: dict, column: int, role: int):
        on_air = segment.get("index") == self._current_id
        in_preview = segment.get("index") == self._preview_id and not on_air
        if role == Qt.ItemDataRole.BackgroundRole and on_air:
            return QBrush(ON_AIR_BACKGROUND)
        if role == Qt.ItemDataRole.BackgroundRole and in_preview:
            return QBrush(PREVIEW_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.is_over_time(segment) and column == 3:
                return QBrush(OVER_TIME)
            if segment.get("actual_duration_s") is not None and not on_air and not in_preview:   # cued: readable
                return QBrush(DONE)
        if role == Qt.ItemDataRole.FontRole and on_air:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and self.is_over_time(segment):
            return "Over time"
        if role == Qt.ItemDataRole.ToolTipRole and in_preview:
            return "In Preview: Take airs it"
        return None

    # --- the planned length, typed in its cell ------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.EditRole and index.column() == PLANNED_COLUMN:
            return clock_text(self.row_dict(index.row()).get("planned_duration_s"))
        return super().data(index, role)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != PLANNED_COLUMN:
            return False
        segment = self.row_dict(index.row())
        seconds, error = check_duration(str(value), f"segment {segment.get('index', 0) + 1} planned length")
        if error is not None:
            self.edit_refused.emit(error)
            return False
        segment["planned_duration_s"] = seconds
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.duration_requested.emit(segment.get("index", index.row()), seconds)
        return True

    # --- drag and drop ----------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == PLANNED_COLUMN else flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [SEGMENT_MIME, PRODUCT_MIME]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if rows:
            mime.setData(SEGMENT_MIME, str(rows[0]).encode())
        return mime

    def canDropMimeData(self, mime, action, row, column, parent) -> bool:
        return mime.hasFormat(SEGMENT_MIME) or mime.hasFormat(PRODUCT_MIME)

    def dropMimeData(self, mime: QMimeData, action, row: int, column: int, parent: Index) -> bool:
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        sku = sku_from(mime)
        if sku is not None:
            self.product_dropped.emit(sku, target)
            return False          # the engine adds the segment; nothing to remove from the source
        if not mime.hasFormat(SEGMENT_MIME):
            return False
        source = int(bytes(mime.data(SEGMENT_MIME).data()).decode())
        return self.move_row(source, target)

    def move_row(self, source: int, target: int) -> bool:
        """Moves a row before `target` (Qt's convention) and asks the engine to persist it."""
        if not 0 <= source < len(self._rows) or target in (source, source + 1):
            return False
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), target)
        segment = self._rows.pop(source)
        final = target - 1 if target > source else target
        self._rows.insert(final, segment)
        for position, item in enumerate(self._rows):
            item["index"] = position
        self.endMoveRows()
        self.move_requested.emit(source, final)
        return False              # the move is done here; Qt must not remove the source row again
