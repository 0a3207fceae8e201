"""Tab walks the console in the order it reads: toolbar, the left column, the monitors, the bottom row left to
right, the status bar; and no table keeps the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.window_without_engine import make_window

EXPECTED = ["toolbar", "dock_rundown", "central", "dock_catalog", "dock_graphics", "dock_audio", "status"]


def region(window, widget: QWidget) -> str:
    if window.toolbar.isAncestorOf(widget):
        return "toolbar"
    if window.centralWidget().isAncestorOf(widget):
        return "central"
    if window.statusBar().isAncestorOf(widget):
        return "status"
    for name, dock in window.docks.items():
        if dock.isAncestorOf(widget):
            return f"dock_{name}"
    return "other"


def test_tab_follows_the_layout(qtbot, studio_env, tmp_path):
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.live_controls.live_button.setFocus(Qt.FocusReason.TabFocusReason)
    regions = []
    for _ in range(200):
        focused = QApplication.focusWidget()
        name = region(window, focused)
        if not regions or regions[-1] != name:
            regions.append(name)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is window.live_controls.live_button:
            break
    else:
        raise AssertionError(f"Tab never came back to Go Live: stuck after {regions}")
    walked = [name for name in regions if name != "other"]      # the dock tab bars belong to no panel
    assert walked == EXPECTED, walked
    window.close()
    link.close()


def test_the_tbar_gain_and_mute_show_their_focus_on_the_dark_theme(qtbot, studio_env, tmp_path):
    from studio.ui.theme import apply_theme
    app = QApplication.instance()
    apply_theme(app, "dark")
    try:
        window, link = make_window(tmp_path / "layout.json")
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        for widget in (window.monitors.tbar, window.audio.gain, window.audio.mute):
            unfocused = widget.grab().toImage()
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(widget.hasFocus)
            assert widget.grab().toImage() != unfocused, f"{widget.objectName()} looks the same with the focus"
        window.close()
        link.close()
    finally:
        app.setStyleSheet("")
