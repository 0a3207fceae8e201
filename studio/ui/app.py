"""`studio` with no sub-command: the producer console on the local engine.

Attaches to the engine running here, or starts one apart (on the newest show, or
the demo show in a database with none). Closing the window while the show is
neither live nor recording stops an engine this window started; otherwise the
engine keeps the show going without a window (relaunch `studio` to reattach).
"""

from __future__ import annotations

import sys
from studio.core.settings import SettingsStore, config_dir
from studio.errors import StudioError
from studio.ui import launch
from studio.wire import commands

# A restarted gateway listens again within about half a second (docs/architecture.md): come back soon after.
RECONNECT_AFTER_MS = 500


def run_console(db_path: str | None = None, argv: list[str] | None = None) -> int:
    if not launch.has_display():
        print("studio: no display (DISPLAY and WAYLAND_DISPLAY are unset): the window cannot open. "
              "Use a sub-command (`studio --help`), or `make run` for the headless demo.", file=sys.stderr)
        return 2
    settings = SettingsStore()
    for warning in settings.load():
        print(f"studio: warning: {warning}", file=sys.stderr)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studio.ui.engine_link import EngineLink
    from studio.ui.main_window import MainWindow
    from studio.ui.show_state import ShowState
    from studio.ui.theme import apply_theme

    started = None
    if launch.running_engine() is None:
        show = launch.choose_show(db_path)
        command = launch.engine_command(show, db_path, settings)
        started = launch.start_engine(command, config_dir() / "engine.log")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Live Shopping Studio")
    apply_theme(app, settings.get("ui.theme"))
    link = EngineLink(launch.client_factory(started))
    state = ShowState(link)
    window = MainWindow(state, settings, db_path=db_path)
    def connected(ok, error: str | None) -> None:
        if error is not None:
            state.error.emit(error)
            QTimer.singleShot(RECONNECT_AFTER_MS, lambda: link.connect_to_engine(on_done=connected))

    link.connect_to_engine(on_done=connected)
    # An engine restarted by hand (or a lost connection): attach again, as a relaunch would.
    link.disconnected.connect(lambda why: QTimer.singleShot(
        RECONNECT_AFTER_MS, lambda: link.connect_to_engine(on_done=connected)))
    window.show()

    def stop_engine_if_idle() -> None:
        if started is not None and not state.state.get("live") and not state.state.get("recording"):
            link.call(commands.Shutdown())

    app.aboutToQuit.connect(stop_engine_if_idle)
    try:
        return app.exec()
    finally:
        link.close()


def main(db_path: str | None = None) -> int:
    try:
        return run_console(db_path)
    except StudioError as error:
        print(f"studio: error: {error}", file=sys.stderr)
        return 1
