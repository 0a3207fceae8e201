"""Shared set-up for graphics tests: one GUI application and the bundled fonts, per session."""

from __future__ import annotations

import pytest

from studio.core.graphics.formatting import show_locale
from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.resources import load_bundled_fonts
from studio.core.graphics.theme import load_theme


@pytest.fixture(scope="session", autouse=True)
def gui_app():
    app = ensure_gui_app()
    load_bundled_fonts()
    return app


@pytest.fixture(scope="session")
def theme():
    return load_theme("studio")


@pytest.fixture(scope="session")
def en_us():
    return show_locale("en_US")
