"""The window's icons, from resources.qrc (`:/assets/icons/NAME.svg`).

`make resources` compiles the .qrc into studio/resources_rc.py; a checkout where
that has not run yet falls back to the SVG files themselves, so the window never
shows blank buttons.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parents[2] / "assets" / "icons"


@cache
def _compiled_resources_loaded() -> bool:
    try:
        importlib.import_module("studio.resources_rc")
    except ImportError:
        return False
    return True


def icon_path(name: str) -> str:
    if _compiled_resources_loaded():
        return f":/assets/icons/{name}.svg"
    return str(ICON_DIR / f"{name}.svg")


def icon(name: str) -> QIcon:
    if not (ICON_DIR / f"{name}.svg").exists():
        raise KeyError(f"no icon {name!r} in assets/icons")
    return QIcon(icon_path(name))
