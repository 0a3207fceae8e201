"""A network input's child ffmpeg dies with the engine, however the engine dies: util-linux's setpriv sets
PR_SET_PDEATHSIG and runs it, so no Python runs in a child forked from the engine's many threads (a
`preexec_fn` there can wait for ever on a lock another thread held at the fork: a clean-clone run saw a
child give no picture for minutes)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from studio.core.inputs.ingest import dying_with_parent
from tests.fixtures.engine import REPO
from tests.fixtures.processes import alive

PARENT = """
import subprocess, sys, time
from studio.core.inputs.ingest import dying_with_parent
child = subprocess.Popen(dying_with_parent(["sleep", "600"]))
print(child.pid, flush=True)
time.sleep(600)
"""


def test_the_child_is_killed_when_the_engine_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=REPO, stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 30     # setpriv has set the signal once it runs the command
    while open(f"/proc/{child_pid}/comm").read().strip() != "sleep":
        assert time.monotonic() < deadline, "setpriv never ran the command"
        time.sleep(0.01)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while alive(child_pid):
        assert time.monotonic() < deadline, "the child outlived the engine"
        time.sleep(0.05)


def test_the_command_runs_as_given_under_setpriv():
    command = dying_with_parent(["sh", "-c", "echo started"])
    assert command[:3] == [command[0], "--pdeathsig", "KILL"] and command[0].endswith("setpriv")
    assert subprocess.run(command, capture_output=True, text=True, timeout=30).stdout == "started\n"
