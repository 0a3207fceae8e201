"""The destinations panel follows a real nginx-rtmp going away and coming back; Go Live asks first."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from studio.ui.models.destinations_model import STATE_COLOURS, STATE_COLUMN

WAIT_MS = 30_000


def state_colour(window) -> str | None:
    model = window.destinations.model
    if model.rowCount() == 0:
        return None
    return model.index(0, STATE_COLUMN).data(Qt.ItemDataRole.ForegroundRole).color().name()


def test_a_killed_destination_turns_red_then_green_after_reconnect(qtbot, engine_factory, console_factory,
                                                                    rtmp_server):
    engine_factory("--to", rtmp_server.url("console"))
    window = console_factory()
    asked = []
    window.live_controls.confirm = lambda parent, title, text: asked.append(text) or True
    qtbot.mouseClick(window.live_controls.live_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "The show goes on air to" in asked[0] and "•" in asked[0]
    qtbot.waitUntil(lambda: window.state.state.get("live") is True, timeout=WAIT_MS)
    assert window.monitors.program.on_air
    green, red = STATE_COLOURS["live"].name(), STATE_COLOURS["reconnecting"].name()
    qtbot.waitUntil(lambda: state_colour(window) == green, timeout=WAIT_MS)

    rtmp_server.kill()
    qtbot.waitUntil(lambda: state_colour(window) in (red, STATE_COLOURS["failed"].name()), timeout=WAIT_MS)

    rtmp_server.restart()
    window.destinations.view.selectionModel().select(
        window.destinations.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.mouseClick(window.destinations.reconnect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state_colour(window) == green, timeout=WAIT_MS)
    assert window.destinations.message.text() == ""

    qtbot.mouseClick(window.live_controls.live_button, Qt.MouseButton.LeftButton)   # confirm says yes
    qtbot.waitUntil(lambda: window.state.state.get("live") is False, timeout=WAIT_MS)
    assert not window.monitors.program.on_air


def test_go_live_shows_the_preflight_refusal(qtbot, engine_factory, console_factory):
    from tests.fixtures.rtmp_server import free_port

    engine_factory("--to", f"rtmp://127.0.0.1:{free_port()}/live/nobody-listens")
    window = console_factory()
    reports = []
    window.live_controls.report = lambda parent, title, text: reports.append((title, text))
    qtbot.mouseClick(window.live_controls.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(reports), timeout=WAIT_MS)
    assert reports[0][0] == "Go live refused"
    assert "nobody-listens" not in reports[0][1]            # the stream key stays out of the message
    assert window.state.state.get("live") is False
    assert not window.live_controls.live_button.isChecked()


def test_add_offers_the_engines_platform_presets(qtbot, engine_factory, console_factory):
    """The Add… dialog is filled from the engine's GetPlatformPresets (the window imports no output code)."""
    from PySide6.QtWidgets import QApplication

    from studio.ui.add_destination import AddDestinationDialog

    engine_factory()
    window = console_factory()
    seen = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AddDestinationDialog):
            return
        seen.append([dialog.preset.itemData(i) for i in range(dialog.preset.count())])
        dialog.reject()

    from PySide6.QtCore import QTimer

    poll = QTimer(window)
    poll.timeout.connect(look_and_close)
    poll.start(50)
    window.destinations.add_destination()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    poll.stop()
    assert {"youtube", "facebook", "tiktok", "instagram", "custom"} <= set(seen[0])
