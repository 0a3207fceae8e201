"""A real `studio engine` subprocess on the demo show, and the console connected to it.

User state is isolated: the database, config and runtime directories are the
test's own, and the engine listens on a free port (written to the runtime file).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ENGINE_START_TIMEOUT_S = 60


@pytest.fixture
def studio_env(tmp_path, monkeypatch):
    for name, sub in (("STUDIO_CONFIG_DIR", "config"), ("STUDIO_RUNTIME_DIR", "runtime")):
        (tmp_path / sub).mkdir()
        monkeypatch.setenv(name, str(tmp_path / sub))
    monkeypatch.setenv("STUDIO_DB", str(tmp_path / "studio.db"))
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "config" / "stream-keys.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return tmp_path


@pytest.fixture
def demo_db(studio_env) -> str:
    from studio.ui.launch import choose_show

    assert choose_show(str(studio_env / "studio.db")) == "demo"
    return str(studio_env / "studio.db")


@dataclass
class Engine:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_engine(base: Path, db_path: str, *extra: str) -> Engine:
    log_path = base / f"engine-{time.monotonic_ns()}.log"
    command = [sys.executable, "-m", "studio", "engine", "--show", "demo", "--db", db_path, "--control-port", "0",
               "--size", "640x360", "--quiet", "--record", str(base / "show.mkv"), *extra]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=os.environ.copy())
    runtime_file = Path(os.environ["STUDIO_RUNTIME_DIR"]) / "engine.json"
    deadline = time.monotonic() + ENGINE_START_TIMEOUT_S
    while not runtime_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"studio engine did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    return Engine(process, log_path)


def stop_engine(engine: Engine) -> None:
    if engine.process.poll() is None:
        engine.process.terminate()
        try:
            engine.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            engine.process.kill()
            engine.process.wait(timeout=5)


@pytest.fixture
def engine_factory(studio_env, demo_db):
    started: list[Engine] = []

    def start(*extra: str) -> Engine:
        engine = start_engine(studio_env, demo_db, *extra)
        started.append(engine)
        return engine

    yield start
    for engine in started:
        stop_engine(engine)


@pytest.fixture
def engine(engine_factory) -> Engine:
    return engine_factory()


@pytest.fixture
def console_factory(qtbot, studio_env, demo_db):
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
        window = MainWindow(state, settings, db_path=demo_db, layout_path=studio_env / "layout.json")
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
