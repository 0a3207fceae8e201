"""Applies the window's theme (ui.theme setting): the dark QSS, or Qt's own light style."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

DARK_QSS = Path(__file__).with_name("dark.qss")


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(DARK_QSS.read_text(encoding="utf-8") if theme == "dark" else "")
