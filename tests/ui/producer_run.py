"""The scripted producer run (issue 23's "Done when"), inside `studio`'s own process on a real X server.

`python -m tests.ui.producer_run SIZE SHOTS CATALOG RTMP_URL KEY REPORT` runs `studio` (the window starts
its own engine, as for a producer) and, from a timer inside its event loop, works the real window with
real mouse and keyboard events (QTest, as pytest-qt does): Show > New, Show > Import catalog… through the
file dialog, the rundown built (add, reorder, a length typed), a destination added with its key, Go Live
(Y in the confirmation), Take, Fade, a countdown, a price typed in its cell, Record and Stop, then the
window closed. After each step it checks what the window shows. The outcome goes to REPORT (JSON):
`ok`, the failure's traceback, the engine's pid and the recording's path, for tests/ui/test_producer_run.py.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

WAIT_S = 90
FADE_MS = 1500
PICTURES_BEFORE = 4            # Program's pictures sampled before Fade is clicked (0.3 s at 15 fps)
CLOCK = re.compile(r"^[−-]?\d+:\d\d(:\d\d)?$")


def wait_until(condition, what: str, timeout_s: float = WAIT_S):
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what if isinstance(what, str) else what()}")
        QTest.qWait(50)


def click(widget: QWidget, pos: QPoint | None = None, double: bool = False) -> None:
    pos = pos or widget.rect().center()
    if double:
        QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    else:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def type_into(widget: QWidget, text: str) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def answer_next_dialog(kind: type, handle) -> list:
    """For a dialog that blocks (exec, QMessageBox.question, QFileDialog.getOpenFileName): `handle(dialog)` runs
    from a timer inside its loop once it is up. Returns a list that holds the dialog once handled."""
    handled: list = []
    timer = QTimer()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and not handled:
            timer.stop()
            handled.append(dialog)
            try:
                handle(dialog)
            except BaseException:            # noqa: BLE001 - reported by the run, the dialog must not stay up
                handled.append(traceback.format_exc())
                dialog.reject()

    timer.timeout.connect(look)
    timer.start(50)
    answer_next_dialog.timers.append(timer)   # kept alive until it fires
    return handled


answer_next_dialog.timers = []


def press_yes(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Y)          # Y answers Yes (Return would be No)


def menu_entry(window, menu_title: str, action_id: str) -> None:
    """Opens a menu of the menu bar with the mouse and clicks one of its entries."""
    menu = window.menu_bar_menus[menu_title]
    bar = window.menuBar()
    click(bar, bar.actionGeometry(menu.menuAction()).center())
    wait_until(menu.isVisible, f"the {menu_title} menu")
    action = next(a for a in menu.actions() if a.objectName() == action_id)
    click(menu, menu.actionGeometry(action).center())


def select_in_catalog(window, sku: str) -> None:
    catalog = window.catalog
    window.docks["catalog"].raise_()
    type_into(catalog.search, sku)
    wait_until(lambda: catalog.proxy.rowCount() == 1, f"{sku} alone in the catalog")
    view = catalog.view
    click(view.viewport(), view.visualRect(catalog.proxy.index(0, 1)).center())
    wait_until(lambda: catalog.selected_sku() == sku, f"{sku} selected")


def edit_cell(view, index, text: str, applied, report: dict) -> None:
    """Select the cell, F2, type, Return, as a producer edits a table, until `applied()` (the engine's answer).
    A typed edit is seldom lost under load here (not understood yet): the producer types it again, and the
    report counts it (`edits_retyped`)."""
    for attempt in range(3):
        _type_in_cell(view, index, text)
        try:
            return wait_until(applied, f"{text!r} applied", timeout_s=10)
        except AssertionError:
            report["edits_retyped"] = report.get("edits_retyped", 0) + 1
    raise AssertionError(f"{text!r} typed three times and never applied")


def _type_in_cell(view, index, text: str) -> None:
    click(view.viewport(), view.visualRect(index).center())
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = wait_until(lambda: next((w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()), None),
                        "the cell's editor")
    type_into(editor, text)
    assert editor.text() == text, editor.text()
    QTest.keyClick(editor, Qt.Key.Key_Return)


def screenshot(window, folder: Path, name: str | None) -> None:
    if name:
        QTest.qWait(300)                        # the last repaint on the X server
        assert window.screen().grabWindow(0).save(str(folder / name)), name


class Run:
    def __init__(self, size: str, shots: Path, catalog: str, rtmp_url: str, key: str):
        self.size, self.shots, self.catalog_file, self.rtmp_url, self.key = size, shots, catalog, rtmp_url, key
        self.small = size == "1366x768"
        self.report: dict = {"ok": False, "steps": []}

    def step(self, name: str) -> None:
        self.report["steps"].append(name)
        print(f"producer run {self.size}: {name}", flush=True)

    def window(self):
        from studio.ui.main_window import MainWindow
        return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    # --- what the window shows, checked at every step -------------------------------------------------------
    def check_window(self, window, live: bool) -> None:
        screen = window.screen().geometry()
        bar = window.statusBar()
        assert screen.contains(window.frameGeometry()), f"the window {window.frameGeometry()} on {screen}"
        assert bar.isVisible() and screen.contains(bar.geometry().translated(window.geometry().topLeft())), \
            "the status bar off the screen"
        monitors = window.monitors
        width = monitors.preview.width() + monitors.program.width()
        assert width >= 0.6 * window.width(), f"monitors {width} px of {window.width()}"
        for label in (monitors.preview_label, monitors.program_label):
            metrics = label.fontMetrics()
            assert label.height() < 2 * metrics.height(), f"{label.text()!r}: {label.height()} px tall"
            assert metrics.horizontalAdvance(label.shown_text()) <= label.contentsRect().width()
        assert monitors.tally.text() == ("ON AIR" if live else "REHEARSAL"), monitors.tally.text()
        assert monitors.program.on_air is live
        clock = monitors.clock
        assert CLOCK.match(clock.segment_left.text()), clock.segment_left.text()
        assert re.match(r"^\d\d?:\d\d", clock.time_of_day.text()), clock.time_of_day.text()
        if live:
            assert CLOCK.match(clock.air_time.text()), clock.air_time.text()

    # --- the run ------------------------------------------------------------------------------------------------
    def drive(self) -> None:
        try:
            self._drive()
            self.report["ok"] = True
        except BaseException:                        # noqa: BLE001 - the report carries it to the test
            self.report["error"] = traceback.format_exc()
            print(self.report["error"], file=sys.stderr, flush=True)
            for window in QApplication.topLevelWidgets():
                if window.isVisible() and window.isModal():
                    window.close()
        finally:
            window = self.window()
            window.ask_before_closing = lambda parent, doing: "stop"   # a failure while live: stop it all
            window.close()

    def _drive(self) -> None:
        window = wait_until(lambda: self._shown_window(), "the window")
        state = window.state
        window.activateWindow()                      # no window manager here: the keyboard's focus, as a click gives
        wait_until(lambda: QApplication.activeWindow() is window, "the window active")
        wait_until(lambda: state.state.get("frames") and window.monitors.program.frames_shown > 0,
                   "the engine's first pictures on Program")
        self.report["engine_pid"] = json.loads((Path(os.environ["STUDIO_RUNTIME_DIR"]) / "engine.json")
                                               .read_text())["pid"]
        self.check_window(window, live=False)
        assert window.monitors.clock.air_time.text() == "not on air"

        self.step("Show > New")
        menu_entry(window, "Show", "show_new")
        dialog = wait_until(lambda: window.show_menu.dialog is not None and window.show_menu.dialog.isVisible()
                            and window.show_menu.dialog, "the New show dialog")
        type_into(dialog.name, f"Producer run {self.size}")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)
        wait_until(lambda: (state.state.get("show") or {}).get("name") == f"Producer run {self.size}", "the new show")
        wait_until(lambda: window.rundown.empty_state.isVisible(), "the empty show's first steps")
        assert f"Producer run {self.size}" in window.windowTitle()
        assert "New show" in window.feedback.text() and window.feedback.outcome == "success"

        self.step("Show > Import catalog…")
        chosen = answer_next_dialog(QFileDialog, self._choose_catalog)
        menu_entry(window, "Show", "catalog_import")
        wait_until(lambda: chosen, "the file dialog")
        failures = [item for item in chosen if isinstance(item, str)]   # the dialog itself may be gone: no repr
        assert not failures, failures[0]
        importer = wait_until(lambda: window.show_menu.dialog if window.show_menu.dialog.objectName()
                              == "catalog_import_dialog" else None, "the import dialog")
        wait_until(lambda: importer.outcome is not None, "the import")
        assert importer.outcome[0] is True and "Imported" in importer.status.text(), importer.outcome
        assert importer.progress.value() == 1000
        click(importer.buttons.buttons()[0])
        wait_until(lambda: window.catalog.model.row_of("PR-MUG") >= 0, "the imported products in the Catalog")

        self.step("rundown: add, reorder, a length")
        for sku in ("PR-LAMP", "PR-MUG", "PR-SPK"):
            before = len(state.state.get("segments") or [])
            select_in_catalog(window, sku)
            click(window.catalog.add_button)
            wait_until(lambda: len(state.state.get("segments") or []) == before + 1, f"{sku} in the rundown")
        rundown = window.rundown
        wait_until(rundown.view.isVisible, "the rundown table")
        titles = lambda: [s.get("title", "") for s in state.state.get("segments") or []]   # noqa: E731
        assert [t.split(" ")[0] for t in titles()][:3] and "Desk Lamp" in titles()[0], titles()
        click(rundown.view.viewport(), rundown.view.visualRect(rundown.model.index(1, 1)).center())
        click(rundown.edit_bar.down_button)              # Travel Mug after the speaker
        wait_until(lambda: "Travel Mug" in titles()[2], "the reorder")
        from studio.ui.models.rundown_model import PLANNED_COLUMN
        edit_cell(rundown.view, rundown.model.index(2, PLANNED_COLUMN), "45",
                  lambda: state.state["segments"][2]["planned_duration_s"] == 45, self.report)
        wait_until(lambda: rundown.model.index(2, PLANNED_COLUMN).data() == "0:45", "0:45 in the Planned cell")
        self.check_window(window, live=False)
        screenshot(window, self.shots, "console-run-rundown.png" if self.small else None)

        self.step("a destination with its key")
        window.docks["destinations"].raise_()
        added = answer_next_dialog(QWidget, self._fill_destination)
        click(window.destinations.add_button)
        wait_until(lambda: added, "the Add a destination dialog")
        failures = [item for item in added if isinstance(item, str)]
        assert not failures, failures[0]
        wait_until(lambda: any(d.get("name") == "nginx-run" for d in state.state.get("destinations") or []),
                   "the destination in the table")
        wait_until(lambda: window.feedback.text().startswith("Added nginx-run"), "the destination's feedback")
        assert self.key not in json.dumps(state.state.get("destinations"))

        self.step("Go Live (Y)")
        asked = answer_next_dialog(QMessageBox, press_yes)
        click(window.live_controls.live_button)
        wait_until(lambda: asked, "the Go live confirmation")
        wait_until(lambda: state.state.get("live") is True, "live")
        wait_until(lambda: window.monitors.tally.text() == "ON AIR", "the ON AIR tally")
        wait_until(lambda: any(d.get("name") == "nginx-run" and d.get("state") == "live"
                               for d in state.state.get("destinations") or []), "the destination live")
        assert window.live_controls.live_button.text() == "Stop Live"
        wait_until(lambda: CLOCK.match(window.monitors.clock.air_time.text()), "the time on air")
        self.check_window(window, live=True)

        self.step("Take")
        select_in_catalog(window, "PR-MUG")
        click(window.catalog.preview_button)
        wait_until(lambda: (state.state.get("preview") or {}).get("sku") == "PR-MUG", "Travel Mug in Preview")
        wait_until(lambda: window.monitors.preview_label.text().startswith("PREVIEW - next: Travel Mug"),
                   "Preview's caption")
        click(window.monitors.take_button)
        wait_until(lambda: (state.state.get("program") or {}).get("sku") == "PR-MUG", "the take")
        wait_until(lambda: window.monitors.program_label.text().startswith("PROGRAM - Travel Mug"), "the caption")
        self.check_window(window, live=True)
        screenshot(window, self.shots, "console-run-live.png" if self.small else "console-run-live-1920.png")

        self.step("Fade")
        type_into(window.monitors.fade_ms, str(FADE_MS))
        QTest.keyClick(window.monitors.fade_ms, Qt.Key.Key_Tab)
        wait_until(lambda: window.monitors.fade_ms.value() == FADE_MS, "the fade's length")
        select_in_catalog(window, "PR-SPK")
        click(window.catalog.preview_button)
        wait_until(lambda: (state.state.get("preview") or {}).get("sku") == "PR-SPK", "the speaker in Preview")
        QTest.qWait(1000)                                   # Program settled on the mug
        frames = self._program_frames_over(window, lambda: click(window.monitors.fade_button), FADE_MS / 1000 + 1.5)
        wait_until(lambda: (state.state.get("program") or {}).get("sku") == "PR-SPK", "the fade's take")
        self.report["fade"] = dissolve_figures(frames)
        assert self.report["fade"]["between"] >= 3, self.report["fade"]         # a cut has none

        self.step("countdown")
        menu_entry(window, "Graphics", "countdown_1m")
        wait_until(lambda: (state.state.get("countdown") or {}).get("remaining_s", 0) > 30, "the countdown")
        assert "countdown" in state.state.get("graphics", {})

        self.step("a price typed in its cell")
        from studio.ui.models.catalog_model import PRICE_COLUMN
        select_in_catalog(window, "PR-SPK")
        edit_cell(window.catalog.view, window.catalog.proxy.index(0, PRICE_COLUMN), "54.00",
                  lambda: (state.state.get("program") or {}).get("price") == "54.00", self.report)
        wait_until(lambda: "54.00" in window.monitors.program_label.text(), "the new price in Program's caption")
        wait_until(lambda: any("PR-SPK" in line and "price" in line.lower() for line in window.as_run.lines()),
                   "the price edit in the as-run log")
        assert "54.00" in window.catalog.proxy.index(0, PRICE_COLUMN).data()
        self.check_window(window, live=True)

        self.step("Record, then Stop")
        click(window.live_controls.record_button)
        wait_until(lambda: state.state.get("recording") is True, "recording")
        self.report["recording"] = state.state["recording_path"]
        started = state.state["show_time_s"]
        wait_until(lambda: state.state.get("show_time_s", 0) >= started + 6, "6 s of recording")
        asked = answer_next_dialog(QMessageBox, press_yes)
        click(window.live_controls.record_button)
        wait_until(lambda: asked, "the Stop recording confirmation")
        wait_until(lambda: state.state.get("recording") is False, "the recording stopped")
        name = Path(self.report["recording"]).name
        wait_until(lambda: "Recording saved" in window.feedback.text() and name in window.feedback.text(),
                   "the status naming the file")
        assert window.feedback.action_button.isVisible() and window.feedback.action_button.text() == "Open folder"
        screenshot(window, self.shots, "console-run-saved.png" if self.small else None)

        self.step("Stop Live (Y)")
        asked = answer_next_dialog(QMessageBox, press_yes)
        click(window.live_controls.live_button)
        wait_until(lambda: asked, "the Stop confirmation")
        wait_until(lambda: state.state.get("live") is False, "off air")
        wait_until(lambda: window.monitors.tally.text() == "REHEARSAL", "the REHEARSAL tally")
        self.check_window(window, live=False)
        self.step("close the window")

    def _shown_window(self):
        try:
            window = self.window()
        except StopIteration:
            return None
        return window if window.isVisible() else None

    def _choose_catalog(self, dialog: QFileDialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        type_into(name, self.catalog_file)
        # The path's completer fills its list from a thread: its popup can open after any fixed wait and
        # take the Return (a clean-clone CI run). As a user would, close it and press Return again.
        for _attempt in range(5):
            QTest.qWait(300)
            while QApplication.activePopupWidget() is not None:
                QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
                QTest.qWait(100)
            if name.text() != self.catalog_file:
                type_into(name, self.catalog_file)
                continue
            QTest.keyClick(name, Qt.Key.Key_Return)
            try:
                wait_until(lambda: not dialog.isVisible(), "the file dialog to take the path", timeout_s=5)
                return
            except AssertionError:
                continue
        wait_until(lambda: not dialog.isVisible(), "the file dialog to take the path", timeout_s=5)

    def _fill_destination(self, dialog) -> None:
        from studio.ui.add_destination import AddDestinationDialog
        assert isinstance(dialog, AddDestinationDialog), type(dialog)
        dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
        type_into(dialog.name, "nginx-run")
        type_into(dialog.url, self.rtmp_url)
        type_into(dialog.key, self.key)
        assert dialog.key.echoMode() == QLineEdit.EchoMode.Password     # masked while typed
        dialog.canvas.setCurrentIndex(dialog.canvas.findData("landscape"))
        QTest.keyClick(dialog.key, Qt.Key.Key_Return)                     # the dialog's default: OK

    @staticmethod
    def _program_frames_over(window, act, seconds: float) -> list[np.ndarray]:
        """Program's pictures, as the monitor shows them, from just before `act` for `seconds`."""
        monitor, frames, last = window.monitors.program, [], [None]

        def sample() -> None:
            if monitor._frame is not None and monitor._frame is not last[0]:
                last[0] = monitor._frame
                frames.append(monitor._frame.astype(np.int16))

        timer = QTimer(interval=20)
        timer.timeout.connect(sample)
        timer.start()
        wait_until(lambda: len(frames) >= PICTURES_BEFORE, "Program's pictures before the fade")
        act()
        QTest.qWait(int(seconds * 1000))
        timer.stop()
        return frames


def dissolve_figures(frames: list[np.ndarray]) -> dict:
    """Where each of Program's pictures lies between the first (before the fade) and the last (after it), on
    the pixels the two differ by much (the product card): 0 is the old picture, 1 the new. A cut shows
    only pictures near 0 or 1; a dissolve shows a run of them in between."""
    first, last = frames[0], frames[-1]
    # the card's pixels: far apart before and after, and still before the fade (the test card's moving
    # square and clock change anyway, and would read as a dissolve)
    still = np.max([np.abs(frame - first).max(axis=2) for frame in frames[1:PICTURES_BEFORE]], axis=0) < 12
    changed = (np.abs(last - first).max(axis=2) > 60) & still
    delta = (last - first)[changed].astype(np.float64)
    alphas = [float(((frame - first)[changed] * delta).sum() / (delta * delta).sum()) for frame in frames]
    between = [round(alpha, 2) for alpha in alphas if 0.15 < alpha < 0.85]
    return {"frames": len(frames), "pixels_changed": int(changed.sum()), "between": len(between),
            "alphas_between": between}


def main(argv: list[str]) -> int:
    size, shots, catalog, rtmp_url, key, report_path = argv
    app = QApplication.instance() or QApplication(sys.argv[:1])
    run = Run(size, Path(shots), catalog, rtmp_url, key)
    QTimer.singleShot(0, run.drive)
    from studio.ui.app import run_console
    code = run_console(None)
    run.report["exit_code"] = code
    Path(report_path).write_text(json.dumps(run.report, indent=1))
    del app
    return 0 if run.report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
