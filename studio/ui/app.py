"""`studio` with no sub-command: the producer console on the local engine.

Attaches to the engine running here, or starts one apart (on the newest show, or
the demo show in a database with none). Closing the window stops an engine this
window started (asking first while live or recording: the producer may keep the
show on air without a window, and relaunch `studio` to reattach). The stop does not
depend on the control connection: Shutdown when connected, then SIGTERM to the
process this window started if it is still there (the connection may be down,
reconnecting, at the moment the window closes). An engine started elsewhere is left
running, and the window says so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from studio.core.settings import SettingsStore, config_dir
from studio.errors import StudioError
from studio.ui import launch
from studio.wire import commands

# Set (the test-suite does): no setup wizard at the first start.
NO_WIZARD_ENV = "STUDIO_NO_FIRST_RUN_WIZARD"
# A restarted gateway listens again within about half a second (docs/architecture.md): come back soon after.
RECONNECT_AFTER_MS = 500


def keep_connected(link, state, started, engine_gone: Callable[[int], None]) -> None:
    """Connects, and again after a lost connection or an engine restarted by hand, as a relaunch would; an
    engine this window started that has exited is not waited for (it used to be "connecting…" for ever):
    its reason goes to the status area and `engine_gone(exit code)` says so."""
    from PySide6.QtCore import QTimer

    def retry() -> None:
        if started is not None and started.poll() is not None:
            engine_gone(started.returncode)
            return
        QTimer.singleShot(RECONNECT_AFTER_MS, lambda: link.connect_to_engine(on_done=connected))

    def connected(ok, error: str | None) -> None:
        if error is not None:
            state.error.emit(error)
            retry()

    link.connect_to_engine(on_done=connected)
    link.disconnected.connect(lambda why: retry())


def run_console(db_path: str | None = None, argv: list[str] | None = None) -> int:
    if not launch.has_display():
        print("studio: no display (DISPLAY and WAYLAND_DISPLAY are unset): the window cannot open. "
              "Use a sub-command (`studio --help`), or `make run` for the headless demo.", file=sys.stderr)
        return 2
    settings = SettingsStore()
    first_run = not settings.path.exists() and not os.environ.get(NO_WIZARD_ENV)
    for warning in settings.load():
        print(f"studio: warning: {warning}", file=sys.stderr)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studio.ui.engine_link import EngineLink
    from studio.ui.main_window import MainWindow
    from studio.ui.show_state import ShowState
    from studio.ui.terminate import close_on_terminate
    from studio.ui.theme import apply_theme

    crash_reports = kept_crash_reports()      # before any child of this window could claim them
    started = None
    if launch.running_engine() is None:
        show = launch.choose_show(db_path)
        command = launch.engine_command(show, db_path, settings)
        started = launch.start_engine(command, config_dir() / "engine.log")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Live Shopping Studio")
    apply_theme(app, settings.get("ui.theme"))
    link = EngineLink(launch.client_factory(started, log_path=config_dir() / "engine.log"))
    state = ShowState(link)
    window = MainWindow(state, settings, db_path=db_path, owns_engine=started is not None)
    close_on_terminate(window)
    keep_connected(link, state, started, lambda code: window.statusBar().connection.setText(
        f"engine stopped (exit code {code}): close the window and start studio again"))
    if window.first_layout:          # the first start: the whole screen (the monitors grow with it)
        window.setGeometry(window.screen().availableGeometry())
        window.showMaximized()
    else:
        window.show()
    if crash_reports:
        from studio.ui.crash_dialog import CrashReportDialog
        from studio.ui.main_window import open_folder

        QTimer.singleShot(0, lambda: CrashReportDialog(crash_reports, open_folder, window).open())
    if first_run:
        from studio.ui.setup_wizard import SetupWizard

        QTimer.singleShot(0, lambda: SetupWizard(settings, window).open())
    stop_engine = started is not None
    try:
        code = app.exec()
        stop_engine = started is not None and window.stop_engine_on_close
        return code
    finally:
        if stop_engine and link.is_connected:
            link.call(commands.Shutdown())
        link.close()
        if stop_engine:
            launch.stop_engine(started)


def kept_crash_reports() -> list:
    """The crash reports not offered yet (the processes that died since the last start included), now offered."""
    from studio import crash_reports

    try:
        crash_reports.collect()
        return [crash_reports.mark_offered(report) for report in crash_reports.pending()]
    except OSError:
        return []


def main(db_path: str | None = None) -> int:
    try:
        return run_console(db_path)
    except StudioError as error:
        print(f"studio: error: {error}", file=sys.stderr)
        return 1
