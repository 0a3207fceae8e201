"""Every child process is started through studio.child_processes, which knows a frozen build from a source tree.

A frozen build (build.spec, PyInstaller) has no Python to run `-m studio`: its executable *is* the
studio. Before this helper the installed window started its engine as `<exe> -m studio engine`,
which the frozen app answered with "invalid choice: 'studio'" (issue 28)."""

from __future__ import annotations

import sys

import pytest

from studio import child_processes
from studio.core.settings import SettingsStore
from studio.ui import launch
from tests.fixtures.engine import user_env

FROZEN_EXE = "/opt/live-shopping-studio/live-shopping-studio"


@pytest.fixture
def studio_env(tmp_path, monkeypatch):
    for name, value in user_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(launch, "has_stored_destinations", lambda db_path: False)   # no `studio` child asked
    return tmp_path


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", FROZEN_EXE)


def test_the_frozen_window_starts_its_engine_with_the_executable_itself(frozen, studio_env):
    command = launch.engine_command("demo", str(studio_env / "studio.db"), SettingsStore())
    assert command[:2] == [FROZEN_EXE, "engine"]
    assert "-m" not in command


def test_from_source_the_engine_runs_under_this_python(studio_env):
    command = launch.engine_command("demo", str(studio_env / "studio.db"), SettingsStore())
    assert command[:4] == [sys.executable, "-m", "studio", "engine"]


def test_the_frozen_gateway_is_a_module_the_executable_runs(frozen):
    assert child_processes.module_command("studio.gateway", "7") == [FROZEN_EXE, child_processes.RUN_MODULE_FLAG,
                                                                    "studio.gateway", "7"]
    assert child_processes.studio_command("host") == [FROZEN_EXE, "host"]


def test_from_source_a_module_runs_under_this_python():
    assert child_processes.module_command("studio.gateway", "7") == [sys.executable, "-m", "studio.gateway", "7"]


def test_the_executable_runs_only_the_modules_declared_as_children(monkeypatch):
    ran = []
    monkeypatch.setattr(child_processes.runpy, "run_module",
                        lambda name, run_name, alter_sys: ran.append((name, run_name, list(sys.argv))))
    monkeypatch.setattr(sys, "argv", ["studio"])
    assert child_processes.run_child_module(["studio.gateway", "7"]) == 0
    assert ran == [("studio.gateway", "__main__", ["studio.gateway", "7"])]
    with pytest.raises(SystemExit, match="not a child process"):
        child_processes.run_child_module(["os", "7"])


def test_output_workers_are_spawned_when_frozen(frozen):
    assert child_processes.worker_context().get_start_method() == "spawn"
