"""The output workers' fork server is stopped at exit without a word, even when the stop runs on past
multiprocessing's own exit handler (a clean-clone run printed a FileNotFoundError traceback at exit:
the stop, slow on a loaded machine, found its socket's directory already removed)."""

from __future__ import annotations

import subprocess
import sys

from tests.fixtures.engine import REPO

SCRIPT = """
import os
from multiprocessing import forkserver
from studio.core.output import workers

forkserver.ensure_running()
os.unlink(forkserver._forkserver._forkserver_address)   # as multiprocessing's exit handler does, first
workers.stop_server()
print("stopped")
"""


def test_stopping_the_fork_server_after_its_socket_is_gone_prints_no_traceback():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr, done.stderr
