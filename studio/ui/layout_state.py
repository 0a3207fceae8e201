"""The window's dock layout, saved per user and restored at start; "Reset layout" brings back the default.

The docks, the window's geometry and which view fills the middle (the studio-mode
monitors or the multiview) are saved. The default arrangement is captured before anything is restored (obs-studio's
"Reset UI"). The saved state lives beside the settings (`window-layout.json` in the
config directory). A saved layout that Qt refuses, or a window position on a
screen that is no longer there, is dropped with a warning, never a crash; a
window that never restored does not overwrite the saved layout (picard's rule).
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

log = logging.getLogger(__name__)
LAYOUT_VERSION = 1


class LayoutState:
    def __init__(self, window: QMainWindow, path: Path):
        self.window = window
        self.path = path
        self.default_state = window.saveState(LAYOUT_VERSION)
        self.default_geometry = window.saveGeometry()
        self.restored = False
        self.saved_view = "studio"            # the middle of the window: "studio" or "multiview"
        self.current_view = lambda: "studio"   # the window says which it shows when saving

    def restore(self) -> bool:
        if not self.path.exists():
            self.restored = True            # nothing saved: the default is what we save next
            return False
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            geometry = QByteArray(base64.b64decode(saved["geometry"]))
            state = QByteArray(base64.b64decode(saved["state"]))
            self.saved_view = "multiview" if saved.get("view") == "multiview" else "studio"
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("%s: unreadable window layout (%s); using the default", self.path, type(error).__name__)
            self.restored = True
            return False
        self.window.setUpdatesEnabled(False)
        try:
            self.window.restoreGeometry(geometry)
            if QApplication.screenAt(self.window.geometry().center()) is None:
                self.window.move(QPoint(0, 0))    # the screen it was on is gone
            ok = self.window.restoreState(state, LAYOUT_VERSION)
        finally:
            self.window.setUpdatesEnabled(True)
        if not ok:
            log.warning("%s: the saved layout does not fit this window; using the default", self.path)
            self.reset()
        self.restored = True
        return ok

    def save(self) -> None:
        if not self.restored:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"version": LAYOUT_VERSION,
                    "geometry": base64.b64encode(bytes(self.window.saveGeometry().data())).decode(),
                    "state": base64.b64encode(bytes(self.window.saveState(LAYOUT_VERSION).data())).decode(),
                    "view": self.current_view()}
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(self.path)

    def reset(self) -> None:
        self.window.restoreState(self.default_state, LAYOUT_VERSION)
        for dock in self.window.findChildren(QDockWidget):
            dock.show()
