"""`studio broadcast` starts no multiprocessing resource tracker; `studio engine` keeps it.

The tracker is a process of its own (about 7 MiB) that would track nothing in a broadcast: the
workers talk over pipes (studio.core.output.workers.skip_resource_tracker). The engine's monitors
publish frames in shared memory, which the tracker cleans up if the engine dies, so it stays there.
Each case runs in a fresh interpreter: the tracker is per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TRACKER_PID = "from multiprocessing import resource_tracker\nprint(resource_tracker._resource_tracker._pid)"


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=REPO_ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


def test_a_broadcast_runs_its_workers_without_a_tracker(tmp_path):
    recording = tmp_path / "plain.mkv"
    code = ("import studio.cli\n"
            f"code = studio.cli.main(['broadcast', '--size', '320x240', '--quiet', '--record', {str(recording)!r},"
            " '--duration', '0.5', '--as-fast-as-possible'])\n"
            "assert code == 0, code\n" + TRACKER_PID)
    assert _run(code) == "None"
    assert recording.stat().st_size > 0  # the recording's worker ran


def test_the_engine_keeps_the_tracker_for_its_shared_memory():
    code = ("from studio.commands._early_outputs import start_engine_workers\n"
            "from multiprocessing import forkserver\n"
            "start_engine_workers([])\nforkserver.ensure_running()\n" + TRACKER_PID)
    assert _run(code) != "None"
