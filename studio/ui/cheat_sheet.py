"""The `?` cheat sheet: every hotkey on one page, generated from the declarations."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from studio.ui.hotkeys import HOTKEYS, display

CONTEXT_NAMES = {"window": "Console", "host": "Host view", "global": "Everywhere"}


def cheat_sheet_rows(bindings: Mapping[str, str], where: str | None = None) -> list[tuple[str, str, str]]:
    """(action label, key as the platform writes it, where it works), in declaration order;
    actions that ask before acting say so. `where` ("window", "host"): only the keys that work there."""
    rows = []
    for hotkey in HOTKEYS:
        if where is not None and hotkey.context not in (where, "global"):
            continue
        text = bindings.get(hotkey.action_id, hotkey.default)
        if not text:
            continue
        label = hotkey.label + (" (asks first)" if hotkey.confirm else "")
        rows.append((label, display(text), CONTEXT_NAMES[hotkey.context]))
    return rows


class CheatSheetDialog(QDialog):
    def __init__(self, bindings: Mapping[str, str], parent=None, where: str | None = None):
        super().__init__(parent)
        self.setObjectName("cheat_sheet")
        self.setWindowTitle("Keyboard shortcuts")
        rows = cheat_sheet_rows(bindings, where)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Key", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 640)


def markdown_table() -> str:
    """The default hotkeys as docs/hotkeys.md shows them (a test keeps the page equal to this)."""
    lines = ["| Action | What it does | Default key | Where | Asks first |", "|---|---|---|---|---|"]
    for hotkey in HOTKEYS:
        key = f"`{hotkey.default}`" if hotkey.default else "—"
        lines.append(f"| {hotkey.label} | {hotkey.tip} | {key} | {CONTEXT_NAMES[hotkey.context]} | "
                     f"{'yes' if hotkey.confirm else ''} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
