"""The console's sales report: after a show, what each airing sold (docs/store.md, `studio report sales`).

When the show goes off air the status bar offers it; Show → Sales report… asks for it at any time.
The producer picks the shop's orders export; the report is made by `studio report sales` in a
process of its own (the window never imports the show data code, tests/test_layering.py) and the HTML
page opens in the browser. Nothing here waits on the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.ui.launch import studio_command
from studio.ui.show_state import ShowState

OFFER_RETRY_MS = 1000


def report_command(show: str, orders: Path, out: Path, db_path: str | None) -> list[str]:
    return studio_command("report", "sales", "--show", show, "--orders", str(orders), "--format", "html",
            "--out", str(out), *(("--db", db_path) if db_path else ()))


class SalesReport(QObject):
    def __init__(self, parent: QWidget, state: ShowState, feedback, db_path: str | None):
        """`feedback`: the status bar's message area (studio/ui/feedback.py)."""
        super().__init__(parent)
        self._parent, self.state, self.feedback, self.db_path = parent, state, feedback, db_path
        self._report = feedback.report
        self._offer_timer = QTimer(self, singleShot=True, interval=OFFER_RETRY_MS, timeout=self._offer)
        self.ask_for_orders = self._ask_for_orders      # replaced in tests
        self.open_page = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.process: QProcess | None = None
        self._was_on_air = self._on_air()
        state.changed.connect(self._on_changed)

    @property
    def show_name(self) -> str | None:
        return (self.state.state.get("show") or {}).get("name")

    def _on_air(self) -> bool:
        """Streaming or recording (the as-run log's on-air time)."""
        return bool(self.state.state.get("on_air", self.state.state.get("live")))

    def _on_changed(self, part: str) -> None:
        if part != "live":       # ShowState's part for live, recording and on air
            return
        on_air = self._on_air()
        if self._was_on_air and not on_air and self.show_name:
            self._offer()
        self._was_on_air = on_air

    def _offer(self) -> None:
        """In the status bar, once it is not offering something else (the recording's Open folder)."""
        if self._on_air():
            return
        if self.feedback.action_button.isVisible():
            self._offer_timer.start()
            return
        self._report(f"{self.show_name} is off air: what did each airing sell?", "info",
                     action=("Sales report…", self.run))

    def _ask_for_orders(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "The shop's orders export (Shopify: Orders → Export)",
                                              str(Path.home()), "CSV files (*.csv)")
        return Path(path) if path else None

    def run(self) -> None:
        show = self.show_name
        if not show:
            self._report("No show is loaded: a sales report needs a show that aired", "warning")
            return
        orders = self.ask_for_orders()
        if orders is None:
            return
        out = orders.with_name(f"sales-{show}.html")
        process = self.process = QProcess(self)
        program, *arguments = report_command(show, orders, out, self.db_path)
        process.setProgram(program)
        process.setArguments(arguments)
        process.finished.connect(lambda code, _status: self._finished(process, code, out))
        process.start()

    def _finished(self, process: QProcess, code: int, out: Path) -> None:
        if code == 0:
            self._report(f"Sales report written to {out}", "success")
            self.open_page(out)
        else:
            error = bytes(process.readAllStandardError()).decode(errors="replace").strip().splitlines()
            self._report(error[-1] if error else f"the sales report failed (exit {code})", "error")
