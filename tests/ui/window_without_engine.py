"""A console window that is never connected: for layout, sizes and dialogs (no engine needed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from studio.wire.client import ControlError
from studio.core.settings import SettingsStore
from studio.ui.engine_link import EngineLink
from studio.ui.main_window import MainWindow
from studio.ui.show_state import ShowState


def _no_engine(_on_event):
    raise ControlError(0, "no engine in this test")


def make_window(layout_path: Path) -> tuple[MainWindow, EngineLink]:
    settings = SettingsStore()
    settings.load()
    link = EngineLink(_no_engine)
    window = MainWindow(ShowState(link), settings, layout_path=layout_path)
    return window, link


def clipped_widgets(window: QWidget) -> list[str]:
    """Visible buttons and labels narrower or shorter than what their text needs."""
    clipped = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QAbstractButton, QLabel)):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        if widget.sizePolicy().horizontalPolicy().name == "Ignored":
            continue                                 # elided on purpose (monitor titles)
        need = widget.minimumSizeHint()
        if widget.width() < need.width() or widget.height() < need.height():
            clipped.append(f"{type(widget).__name__} {widget.objectName() or getattr(widget, 'text', lambda: '')()!r}"
                           f" {widget.width()}x{widget.height()} < {need.width()}x{need.height()}")
    return clipped
