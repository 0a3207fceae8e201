"""Importing a catalog from the window: a file dialog, progress, and every bad row in a table.

The import is `studio catalog import FILE --json-lines` in a process of its own, exactly what the
command line does: the same importers, the same checks, and the same all-or-nothing write (a file
with one bad row imports nothing). It runs beside the window (QProcess: the UI thread only reads
its lines) and never in the engine, which notices the new products in the database and announces
`CatalogChanged`, so every window's Catalog follows. Prices in a file that names no currency are in
the shop's (`--currency`, from the `store.currency` setting).
"""

from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Callable

from PySide6.QtCore import QProcess, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QProgressBar, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from studio.ui.launch import studio_command

FILE_FILTER = "Catalogs (*.csv *.json *.txt);;CSV (*.csv *.txt);;JSON (*.json);;All files (*)"
PROBLEM_COLUMNS = ("Row", "Column", "Value", "What is wrong")


def choose_catalog_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Import a catalog", "", FILE_FILTER)
    return path


class CatalogImportDialog(QDialog):
    finished_import = Signal(bool, str)       # (imported, what it says)

    def __init__(self, path: str, db_path: str | None, parent: QWidget | None = None,
                 command: Callable[..., list[str]] = studio_command, currency: str = "USD"):
        super().__init__(parent)
        self.setObjectName("catalog_import_dialog")
        self.setWindowTitle("Import a catalog")
        self.path = path
        self.status = QLabel(f"Importing {path}…", wordWrap=True, objectName="import_status")
        self.progress = QProgressBar(objectName="import_progress")
        self.progress.setRange(0, 0)            # busy until the first progress line
        self.problems = QTableWidget(0, len(PROBLEM_COLUMNS), objectName="import_problems")
        self.problems.setHorizontalHeaderLabels(PROBLEM_COLUMNS)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().hide()
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 240)
        self.outcome: tuple[bool, str] | None = None
        self._stdout = b""
        self.process = QProcess(self)
        self.process.readyReadStandardOutput.connect(self._read_lines)
        self.process.finished.connect(self._finished)
        arguments = command("catalog", "import", path, "--json-lines", "--currency", currency,
                            *(["--db", db_path] if db_path else []))
        self.process.start(arguments[0], arguments[1:])

    def _read_lines(self) -> None:
        self._stdout += bytes(self.process.readAllStandardOutput().data())
        *lines, self._stdout = self._stdout.split(b"\n")
        for line in lines:
            if line.strip():
                self._apply(json.loads(line))

    def _apply(self, record: dict) -> None:
        if "progress" in record:
            total = max(1, int(record["total"]))
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * record["done"] / total))
            self.status.setText(f"{record['progress'].capitalize()} {self.path}…")
        elif "problems" in record:
            self._show_problems(record["problems"])
        elif "summary" in record:
            self._done(True, f"Imported {record['summary']}")

    def _show_problems(self, problems: list[dict]) -> None:
        self.problems.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            cells = ("" if problem.get("line") is None else str(problem["line"]), problem.get("column", ""),
                     problem.get("value", ""), problem.get("reason", ""))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(row, column, item)
        self.problems.show()
        noun = "row problem" if len(problems) == 1 else "row problems"
        self._done(False, f"Nothing was imported: {len(problems)} {noun} in {Path(self.path).name}. "
                          "Fix them in the file and import it again.")
        self.resize(max(self.width(), 860), 420)

    def _finished(self, exit_code: int, _status) -> None:
        self._read_lines()
        if self.outcome is None:      # no summary and no row problems: the command's own words (stderr)
            errors = bytes(self.process.readAllStandardError().data()).decode(errors="replace").strip()
            reason = errors.splitlines()[-1] if errors else f"the import stopped (exit code {exit_code})"
            self._done(False, f"Nothing was imported: {reason.removeprefix('studio: error: ')}")

    def _done(self, imported: bool, text: str) -> None:
        if self.outcome is not None:
            return
        self.outcome = (imported, text)
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000 if imported else 0)
        self.progress.setVisible(imported)
        self.status.setText(text)
        self.status.setToolTip(self.path)
        self.status.setStyleSheet("color: #4caf50;" if imported else "color: #ff5252;")
        self.finished_import.emit(imported, text)

    def reject(self) -> None:
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()              # nothing half-written: the import commits in one transaction
            self.process.waitForFinished(5000)
        super().reject()
