"""The child ffmpeg of a network input is set to die with the engine, by a call that loads nothing in the
forked child: loading a library there (ctypes.CDLL) can wait for ever on a lock another of the engine's
threads held at the fork, and the input then never arrives (a clean-clone run saw a child ffmpeg give
no picture for minutes)."""

from __future__ import annotations

import subprocess
import sys

from tests.fixtures.engine import REPO

SCRIPT = """
import ctypes, signal
from studio.core.inputs import ingest

def no_loading(*args, **kwargs):
    raise AssertionError("a library loaded in the forked child")

ctypes.CDLL = no_loading
ingest._die_with_parent()
got = ctypes.c_int(0)
ingest._PRCTL(2, ctypes.byref(got))        # PR_GET_PDEATHSIG
print(got.value == signal.SIGKILL)
"""


def test_the_child_is_set_to_die_with_the_engine_without_loading_a_library():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True", "PR_SET_PDEATHSIG is SIGKILL in the child"
