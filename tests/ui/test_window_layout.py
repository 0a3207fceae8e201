"""The window's layout: docks by name, saved and restored, reset, nothing clipped at 1366x768 or 2x."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from studio.ui.actions import LIVE_ACTIONS
from tests.ui.window_without_engine import clipped_widgets, make_window

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_dock_has_an_object_name_and_every_live_action_a_qaction(qtbot, tmp_path, studio_env):
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    names = [dock.objectName() for dock in window.findChildren(QDockWidget)]
    assert len(names) == 9 and all(names) and len(set(names)) == 9     # with the talking points, audio and comments
    assert {spec.id for spec in LIVE_ACTIONS} == set(window.actions_by_id)
    assert window.action("take").objectName() == "take"
    window.close()
    link.close()


def test_a_moved_dock_is_restored_next_time_and_reset_brings_the_default_back(qtbot, tmp_path, studio_env):
    layout = tmp_path / "layout.json"
    window, link = make_window(layout)
    qtbot.addWidget(window)
    window.show()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.docks["rundown"])
    window.close()
    link.close()
    assert layout.exists()

    again, link = make_window(layout)
    qtbot.addWidget(again)
    again.show()
    assert again.dockWidgetArea(again.docks["rundown"]) == Qt.DockWidgetArea.RightDockWidgetArea
    again.action("reset_layout").trigger()
    assert again.dockWidgetArea(again.docks["rundown"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    again.close()
    link.close()


def test_a_broken_saved_layout_falls_back_to_the_default(qtbot, tmp_path, studio_env):
    layout = tmp_path / "layout.json"
    layout.write_text('{"geometry": "AAAA", "state": "not base64!"}')
    window, link = make_window(layout)
    qtbot.addWidget(window)
    window.show()
    assert window.dockWidgetArea(window.docks["rundown"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    window.close()
    link.close()


def test_nothing_is_clipped_at_1366_by_768(qtbot, tmp_path, studio_env):
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768
    assert window.size().width() == 1366 and window.size().height() == 768
    assert clipped_widgets(window) == []
    window.close()
    link.close()


def test_the_dark_window_opened_at_1366_by_768_stays_inside_the_screen(qtbot, tmp_path, studio_env):
    """With the dark theme (what `studio` draws), the first show's dock sizes once made the window 823 px tall
    on a 768 px screen: the status bar, with every message, was below the screen's edge."""
    from PySide6.QtWidgets import QApplication

    from studio.ui.theme import apply_theme
    app = QApplication.instance()
    sheet, style = app.styleSheet(), app.style().name()
    apply_theme(app, "dark")
    try:
        window, link = make_window(tmp_path / "layout.json")
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)
        assert (window.width(), window.height()) == (1366, 768)
        assert window.statusBar().geometry().bottom() < 768 and window.statusBar().isVisible()
        assert clipped_widgets(window) == []
        window.close()
        link.close()
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)


SCALED_CHECK = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pathlib import Path
from tests.ui.window_without_engine import clipped_widgets, make_window
screen = app.primaryScreen().availableGeometry()
window, link = make_window(Path(sys.argv[1]))
window.resize(1366, 768)
window.show()
app.processEvents()
hint = window.minimumSizeHint()
print("ratio", app.devicePixelRatio(), "hint", hint.width(), hint.height(), "size", window.width(), window.height())
for line in clipped_widgets(window):
    print("clipped", line)
window.close(); link.close()
"""


def test_nothing_is_clipped_at_2x_scaling(tmp_path, studio_env):
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen",
           # a 2732x1536 screen is 1366x768 at 2x
           "QT_QPA_OFFSCREEN_SCREENS": "", "QT_QPA_PLATFORMTHEME": ""}
    result = subprocess.run([sys.executable, "-c", SCALED_CHECK, str(tmp_path / "layout.json")], cwd=REPO_ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ratio 2.0" in result.stdout
    words = result.stdout.split()
    hint_w, hint_h = int(words[words.index("hint") + 1]), int(words[words.index("hint") + 2])
    assert hint_w <= 1366 and hint_h <= 768
    assert "clipped" not in result.stdout, result.stdout
