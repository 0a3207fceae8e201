"""Session-wide test set-up: Qt offscreen, real servers started by fixtures."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.rtmp_server", "tests.fixtures.tls_terminator", "tests.fixtures.pulse_server"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh studio database file per test."""
    return tmp_path / "studio.db"


@pytest.fixture
def db(db_path: Path):
    from studio.core.show.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session", autouse=True)
def one_qapplication(qapp):
    """The session's QApplication, made before any test runs: the graphics renderer makes a bare
    QGuiApplication when none exists (ensure_gui_app), and once that exists no widget can be
    built, so a widget test after a graphics or engine test in the same run would abort."""
    return qapp
