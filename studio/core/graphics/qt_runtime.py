"""The one QGuiApplication that QPainter needs before it can lay out text.

Only QtGui is touched here: studio/core must run without QtWidgets (headless
broadcasts, CI), and a widget application created later by the UI is also a
QGuiApplication, so either owner satisfies the renderers.
"""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtGui import QGuiApplication

_lock = threading.Lock()
_app: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """Return the process's QGuiApplication, creating an offscreen one if none exists."""
    global _app
    with _lock:
        existing = QGuiApplication.instance()
        if existing is not None:
            return existing
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
            # Without a display server the default xcb plugin aborts the process.
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept in a module global: Qt needs the application object to outlive every painter.
        _app = QGuiApplication(sys.argv[:1] or ["studio"])
        return _app
