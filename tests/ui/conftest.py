"""A real `studio engine` subprocess on the demo show (tests/fixtures/engine.py), and the console connected to it.

User state is isolated: the database, config and runtime directories are the test's own (or, in a
module using `shared_console_engine()`, the module's engine's), and the engine listens on a free
port (written to the runtime file, where the window finds it).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.fixtures.engine import EngineProcess, install_show, shared_engine, user_env


CONSOLE_ENGINE_ARGS = ("--size", "640x360", "--record", "{root}/show.mkv")


@pytest.fixture
def studio_env(tmp_path, monkeypatch):
    """This process's user state (what the window and `studio` children read) under tmp_path."""
    return point_user_state_at(tmp_path, monkeypatch)


def point_user_state_at(root: Path, monkeypatch) -> Path:
    import keyring.core
    from keyring.backends import fail

    for name, value in user_env(root).items():
        monkeypatch.setenv(name, value)
    # keyring picks its backend once per process: a backend chosen or set by an earlier test in this
    # worker would take the keys `studio destination add` stores here away from the engines' key file
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    for sub in ("config", "runtime"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def demo_db(studio_env) -> str:
    """The window's demo show (what `studio` creates on first start) in this test's database."""
    return str(install_show(studio_env, "demo"))


@pytest.fixture
def engine_factory(engine_factory, studio_env):
    """`start(*extra, show="demo", root=studio_env)`: engines (640x360, Record into root) in this test's
    user state, where the window finds them; stopped after the test."""

    def start(*extra: str, show: str = "demo", root: Path | None = None) -> EngineProcess:
        return engine_factory(*CONSOLE_ENGINE_ARGS, *extra, show=show, root=root or studio_env)

    return start


@pytest.fixture
def engine(engine_factory) -> EngineProcess:
    return engine_factory()


def shared_console_engine(show: str = "demo", template: str | None = None):
    """For a module whose console tests can share one engine (each must pass alone and in any order):
    `engine, studio_env = shared_console_engine()` at module level (`template`: see tests/fixtures/engine.py)."""
    engine = shared_engine(show, *CONSOLE_ENGINE_ARGS, check_exit=False, template=template)

    @pytest.fixture
    def studio_env(engine, monkeypatch):
        return point_user_state_at(engine.root, monkeypatch)

    return engine, studio_env


@pytest.fixture
def console_factory(qtbot, studio_env, demo_db, tmp_path):
    """Windows connected to the running engine, closed (and their threads joined) after the test."""
    from studio.core.settings import SettingsStore
    from studio.ui import launch
    from studio.ui.engine_link import EngineLink
    from studio.ui.live_controls import LiveControls
    from studio.ui.main_window import MainWindow
    from studio.ui.show_state import ShowState

    opened = []

    def open_console():
        settings = SettingsStore()
        settings.load()
        link = EngineLink(launch.client_factory(None, timeout_s=30))
        state = ShowState(link)
        window = MainWindow(state, settings, db_path=demo_db, layout_path=tmp_path / "layout.json")
        window.live_controls.confirm = lambda *_: True
        window.live_controls.report = lambda parent, title, text: window.statusBar().showMessage(text)
        qtbot.addWidget(window)
        opened.append((window, link))
        with qtbot.waitSignal(link.connected, timeout=30_000):
            link.connect_to_engine()
        qtbot.waitUntil(lambda: bool(state.state.get("frames")), timeout=20_000)
        window.show()
        return window

    yield open_console
    for window, link in opened:
        window.close()
        link.close()


@pytest.fixture
def console(engine, console_factory):
    return console_factory()


@pytest.fixture
def engine_started_by_the_window():
    yield
    runtime = Path(os.environ["STUDIO_RUNTIME_DIR"]) / "engine.json"
    try:
        pid = json.loads(runtime.read_text())["pid"]
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    except (OSError, ValueError, KeyError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
