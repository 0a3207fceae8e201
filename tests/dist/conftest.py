"""The built app as a user gets it: its tarball (from `make dist`) unpacked into a temporary folder.

Selected by `make test-dist` (`--frozen-app dist`); without that option these tests are deselected
(tests/conftest.py). Every process the tests start runs the unpacked executable, with the user state
of the test and no PYTHONPATH: nothing can come from the source tree.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.fixtures.engine import user_env

EXECUTABLE = "live-shopping-studio"
LEFTOVER_GRACE_S = 30.0


@pytest.fixture(scope="session")
def frozen_app(request, tmp_path_factory) -> Path:
    """The unpacked app's executable."""
    folder = Path(request.config.getoption("--frozen-app"))
    tarballs = sorted(folder.glob(f"{EXECUTABLE}-*.tar.gz"))
    if not tarballs:
        pytest.fail(f"no {EXECUTABLE}-*.tar.gz in {folder}: run `make dist`")
    unpacked = tmp_path_factory.mktemp("installed")
    subprocess.run(["tar", "-C", str(unpacked), "-xzf", str(tarballs[-1])], check=True, timeout=300)
    executable = unpacked / EXECUTABLE / EXECUTABLE
    assert os.access(executable, os.X_OK), executable
    return executable


def frozen_env(root: Path) -> dict[str, str]:
    """A user's environment with the test's user state (database, config, runtime, home) under `root`."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "STUDIO_", "XDG_")) and key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(user_env(root), HOME=str(root / "home"), QT_QPA_PLATFORM="offscreen")
    for sub in ("config", "runtime", "home"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return env


def processes_of(executable: Path) -> list[int]:
    """The running processes of the unpacked app (the window, engines, gateways, workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "exe")) == executable:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module", autouse=True)
def no_process_left(frozen_app):
    """After a module's tests, no process of the app is left: each stops with its parent or on its own."""
    yield
    deadline = time.monotonic() + LEFTOVER_GRACE_S
    while (left := processes_of(frozen_app)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the app left running: {left}"


_FIGURES: list[str] = []


@pytest.fixture(scope="session")
def smoke_figures() -> list[str]:
    """Lines a test measures (the frozen start-up): printed at the end of the smoke test's output."""
    return _FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    if _FIGURES:
        terminalreporter.section("the built app, measured")
        for line in _FIGURES:
            terminalreporter.write_line(line)
