"""The command lines of the studio's own child processes, from a source tree or a frozen build alike.

From source, a child is this Python running a module (`python -m studio engine`, `python -m
studio.gateway FD`). A frozen build (build.spec, PyInstaller) has no Python to run `-m`: its
executable is the studio itself, so `studio engine` is `<exe> engine`, and a module that is a
process of its own (the gateway) is `<exe> --run-child-module studio.gateway FD`, which
studio/__main__.py hands to `run_child_module`. Output workers are multiprocessing children:
the frozen executable re-runs itself for them (`freeze_support`), so they are spawned rather
than forked from a fork server. Every child the studio starts gets its command line here.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys

RUN_MODULE_FLAG = "--run-child-module"
# The modules that are processes of their own; the frozen executable runs no other.
CHILD_MODULES = ("studio.gateway", "studio.relay.poller", "studio.first_run.device_preview")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def studio_command(*arguments: str) -> list[str]:
    """`studio ARGUMENTS` as a child process."""
    if is_frozen():
        return [sys.executable, *arguments]
    return [sys.executable, "-m", "studio", *arguments]


def module_command(module: str, *arguments: str) -> list[str]:
    """`python -m MODULE ARGUMENTS` as a child process; MODULE must be one of CHILD_MODULES."""
    if module not in CHILD_MODULES:
        raise ValueError(f"{module} is not a child process module (studio.child_processes.CHILD_MODULES)")
    if is_frozen():
        return [sys.executable, RUN_MODULE_FLAG, module, *arguments]
    return [sys.executable, "-m", module, *arguments]


def run_child_module(arguments: list[str]) -> int:
    """The frozen executable's `--run-child-module MODULE ARGUMENTS...`: run MODULE as `__main__`."""
    if not arguments or arguments[0] not in CHILD_MODULES:
        raise SystemExit(f"studio: {arguments[:1]} is not a child process module")
    sys.argv = list(arguments)
    runpy.run_module(arguments[0], run_name="__main__", alter_sys=True)
    return 0


def spawn_context():
    """A fresh interpreter per process (frozen: the executable re-run, which `freeze_support` hands over)."""
    return multiprocessing.get_context("spawn")


def worker_context():
    """The multiprocessing context output workers and relays start in: a fork server that has loaded
    PyAV once, from source (a worker starts in milliseconds and shares those pages with its siblings:
    docs/performance.md, memory); spawn when frozen, where the executable re-runs itself per worker."""
    if is_frozen():
        return spawn_context()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["studio.cli", "studio.core.output.workers", "av"])
    return context
