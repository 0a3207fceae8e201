"""Destinations with their live health (GetShowState `destinations`), coloured by state.

Each row is one of GetShowState's `destinations`: its label, whether it is
active, and its output health (studio.core.output.health.OutputHealth.as_dict:
state, bitrate, fps, dropped frames, queue, reconnects, last error). Congested and stalled are amber; reconnecting
and failed are red; live is green.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from studio.ui.models.dict_table import Column, DictTableModel

STATE_COLOURS = {
    "live": QColor("#43a047"),
    "connecting": QColor("#9e9e9e"),
    "congested": QColor("#ffb300"),
    "stalled": QColor("#ffb300"),
    "reconnecting": QColor("#e53935"),
    "failed": QColor("#e53935"),
    "stopped": QColor("#9e9e9e"),
    "disabled": QColor("#757575"),
}
STATE_COLUMN = 2


def _number(value, spec: str) -> str:
    return "" if value is None else format(value, spec)


class DestinationsModel(DictTableModel):
    key_field = "label"
    columns = (
        Column("Destination", lambda d: d.get("label", "")),
        Column("On", lambda d: "on" if d.get("active", True) else "off"),
        Column("State", lambda d: d.get("state") or ""),
        Column("kbit/s", lambda d: _number(d.get("bitrate_kbps"), ".0f"), align_right=True),
        Column("fps", lambda d: _number(d.get("fps"), ".1f"), align_right=True),
        Column("Dropped", lambda d: _number(d.get("dropped_frames"), "d"), align_right=True),
        Column("Queue ms", lambda d: _number(d.get("queue_ms"), ".0f"), align_right=True),
        Column("Reconnects", lambda d: _number(d.get("reconnects"), "d"), align_right=True),
    )

    def row_role(self, destination: dict, column: int, role: int):
        colour = STATE_COLOURS.get(destination.get("state") or "")
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE_COLUMN and colour is not None:
            return QBrush(colour)
        if role == Qt.ItemDataRole.BackgroundRole and colour is not None \
                and destination.get("state") in ("reconnecting", "failed"):
            return QBrush(QColor(90, 20, 20))
        if role == Qt.ItemDataRole.ToolTipRole and destination.get("last_error"):
            return destination["last_error"]
        return None

    def state_colour(self, row: int) -> QColor | None:
        return STATE_COLOURS.get(self.row_dict(row).get("state") or "")
