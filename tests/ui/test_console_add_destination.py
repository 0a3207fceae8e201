"""The window's Add… adds a destination to the running show (AddDestination): live at once, with health."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication

from studio.ui.add_destination import AddDestinationDialog
from studio.ui.models.destinations_model import STATE_COLOURS, STATE_COLUMN

WAIT_MS = 30_000
KEY = "sk_live_fromthewindow42"


def _answer_dialog(window, fill) -> list:
    """Fills the next Add… dialog(s) with `fill(dialog)` and accepts; returns what each showed as error."""
    seen = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AddDestinationDialog) and dialog.isVisible():
            seen.append(dialog.error.text())
            if fill(dialog, len(seen)):
                dialog.accept()
            else:
                dialog.reject()

    poll = QTimer(window)
    poll.timeout.connect(look)
    poll.start(50)
    return seen


def _row(window, name: str) -> int:
    model = window.destinations.model
    return next((row for row in range(model.rowCount()) if model.row_dict(row).get("name") == name), -1)


def test_added_in_the_window_goes_live_at_once_with_its_health(qtbot, engine_factory, console_factory, rtmp_server,
                                                                studio_env):
    engine = engine_factory("--live", "--to", rtmp_server.url("first"))
    window = console_factory()
    qtbot.waitUntil(lambda: window.state.state.get("live") is True, timeout=WAIT_MS)

    def fill(dialog, attempt: int) -> bool:
        dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
        dialog.name.setText("shop")
        dialog.url.setText(f"rtmp://127.0.0.1:{rtmp_server.port}/live")
        dialog.key.setText(KEY)
        # first attempt: a canvas this engine does not have; the engine's refusal names the field
        dialog.canvas.setCurrentIndex(dialog.canvas.findData("vertical" if attempt == 1 else "landscape"))
        return attempt <= 2

    errors = _answer_dialog(window, fill)
    window.destinations.add_destination()
    qtbot.waitUntil(lambda: len(errors) >= 2, timeout=WAIT_MS)
    assert errors[0] == "" and "'canvas'" in errors[1] and KEY not in errors[1]
    green = STATE_COLOURS["live"].name()
    qtbot.waitUntil(lambda: _row(window, "shop") >= 0 and window.destinations.model.index(
        _row(window, "shop"), STATE_COLUMN).data(Qt.ItemDataRole.ForegroundRole).color().name() == green,
        timeout=WAIT_MS)
    assert window.destinations.message.text().startswith("Added shop (landscape): live now")

    window.destinations.view.selectionModel().select(
        window.destinations.model.index(_row(window, "shop"), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert window.destinations.enable_button.text() == "Disable"
    window.destinations.enable_button.click()
    qtbot.waitUntil(lambda: _row(window, "shop") >= 0 and window.destinations.model.row_dict(
        _row(window, "shop")).get("state") == "disabled", timeout=WAIT_MS)
    window.destinations.view.selectionModel().select(
        window.destinations.model.index(_row(window, "shop"), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    window.destinations.confirm = lambda *_: True
    window.destinations.remove_button.click()
    qtbot.waitUntil(lambda: _row(window, "shop") < 0, timeout=WAIT_MS)
    assert [row["state"] for row in window.destinations.model.rows()] == ["live"]     # the first goes on
    assert KEY not in engine.log()
