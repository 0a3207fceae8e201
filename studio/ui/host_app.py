"""Puts the host view together: settings, model, window, link; full screen on the chosen screen.

`open_host_view` is what `studio host` and tests use in-process; `launch_host_view_process`
is what the console's "Host view" button uses: a process of its own, so a host view that
freezes or is killed never touches the console, let alone the show.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from studio.child_processes import studio_command
from studio.core.settings import SettingsStore
from studio.errors import UserInputError
from studio.ui.host_link import ClientFactory, HostLink
from studio.ui.host_model import AMBER_AT, MIRROR, PROMPTER_SPEED, RED_AT, HostModel
from studio.ui.host_view import HostView
from studio.ui.locale_format import apply_locale
from studio.ui.hotkeys import load_bindings
from studio.ui.terminate import close_on_terminate


def open_host_view(make_client: ClientFactory, *, store: SettingsStore | None = None, mirror: bool | None = None,
                   speed_px_s: float | None = None) -> tuple[HostView, HostLink, list[str]]:
    """The view and its running link (not shown yet); the warnings of a bad settings file."""
    if store is None:
        store = SettingsStore()
        store.load()
    bindings, warnings = load_bindings(store)
    apply_locale(QApplication.instance(), store.get("ui.locale"), store.get("store.currency"))
    model = HostModel(amber_at_s=store.get(AMBER_AT.key), red_at_s=store.get(RED_AT.key))
    view = HostView(model, bindings=bindings,
                    speed_px_s=speed_px_s if speed_px_s is not None else store.get(PROMPTER_SPEED.key),
                    mirrored=mirror if mirror is not None else store.get(MIRROR.key))
    link = HostLink(make_client)
    link.state_received.connect(view.on_state)
    link.problem.connect(view.on_problem)

    def on_event(event_type: str, data: dict, received_at_s: float) -> None:
        if view.on_event(event_type, data, received_at_s):
            link.refresh()

    link.event_received.connect(on_event)
    view.destroyed.connect(lambda *_: link.stop())
    link.start()
    return view, link, list(store.warnings) + warnings


def place_on_screen(view: HostView, screen: int | None, windowed: bool) -> None:
    """Full screen on the chosen screen (default: the last); windowed when there is only one screen and none was
    chosen, so the host view never covers the console it was opened from (Esc or F11 there: full screen)."""
    screens = QGuiApplication.screens()
    if screen is not None and not 0 <= screen < len(screens):
        raise UserInputError(f"--screen {screen}: this machine has {len(screens)} screen(s), numbered 0 to {len(screens) - 1}")
    target = screens[-1 if screen is None else screen]
    area = target.geometry()
    if windowed or (screen is None and len(screens) == 1):
        view.setGeometry(area.x(), area.y(), min(1280, area.width()), min(720, area.height()))
        view.show()
        return
    view.create()
    view.windowHandle().setScreen(target)
    view.setGeometry(area)      # the whole screen even where no window manager honours "full screen"
    view.showFullScreen()


def run_host_view(make_client: ClientFactory, *, screen: int | None, windowed: bool, mirror: bool | None,
                  speed_px_s: float | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    view, link, warnings = open_host_view(make_client, mirror=mirror, speed_px_s=speed_px_s)
    for warning in warnings:
        print(f"studio host: {warning}", file=sys.stderr)
    link.connected.connect(lambda url: print(f"studio host: following the engine at {url}", file=sys.stderr, flush=True))
    try:
        place_on_screen(view, screen, windowed)
        close_on_terminate(view)
        return app.exec()
    finally:
        link.stop()


def launch_host_view_process(screen: int | None = None, extra_args: Sequence[str] = ()) -> subprocess.Popen:
    """`studio host` in a process of its own (the console's button); no password in its argv."""
    command = studio_command("host")
    if screen is not None:
        command += ["--screen", str(screen)]
    return subprocess.Popen([*command, *extra_args])
