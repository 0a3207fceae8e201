"""The console's start after a crash: the report kept on this computer, to show, copy or find.

Nothing is uploaded. The reports come from studio.crash_reports (every studio process writes one
when it dies of a bug); the window offers the newest at its start, once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout,
                               QWidget)

SHOWN_LINES = 400


class CrashReportDialog(QDialog):
    """'A part of the studio crashed': Show (the report, read-only), Copy (to the clipboard), Open folder."""

    def __init__(self, reports: list[Path], open_folder: Callable[[Path], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crash_report_dialog")
        self.setWindowTitle("Crash report kept")
        self.report = reports[0]
        self._open_folder = open_folder
        text = self.report.read_text(encoding="utf-8", errors="replace")
        what = text.splitlines()[0].split(": ", 1)[-1] if text else "a studio process"
        more = f" ({len(reports) - 1} more in the same folder)" if len(reports) > 1 else ""
        message = QLabel(f"The last time it ran, part of the studio crashed: {what}.\n"
                         f"A report was kept on this computer{more}; nothing was sent anywhere. "
                         "Attach it to a bug report if you like: it holds no stream key or password.")
        message.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(text.splitlines()[:SHOWN_LINES]))
        self.text.setObjectName("crash_report_text")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.show_button = self._button(buttons, "Show", self._show_report)
        self.copy_button = self._button(buttons, "Copy", self.copy)
        self.folder_button = self._button(buttons, "Open folder", lambda: self._open_folder(self.report.parent))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 160)

    def _button(self, box: QDialogButtonBox, label: str, action) -> QPushButton:
        button = box.addButton(label, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(action)
        return button

    def _show_report(self) -> None:
        self.text.setVisible(True)
        self.resize(max(self.width(), 900), 560)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report.read_text(encoding="utf-8", errors="replace"))
        self.copy_button.setText("Copied")
