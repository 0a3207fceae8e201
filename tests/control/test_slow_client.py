"""A client that stops reading loses events (and is told so); the engine neither stalls nor grows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from tests.broadcast.run_studio import REPO_ROOT, studio_command, studio_env
from tests.control.engine_process import user_env, wait_until

pytestmark = pytest.mark.slow


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_stopped_subscriber_gets_a_missed_marker_and_the_show_keeps_time(engine):
    watcher = subprocess.Popen(studio_command("control", "watch"), stdout=subprocess.PIPE, text=True,
                               env={**studio_env(), **user_env(engine.root)}, cwd=REPO_ROOT)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(watcher.stdout.readline, "")), daemon=True).start()
    try:
        wait_until(lambda: any('"StatsUpdated"' in line for line in lines), what="the watcher's first event")
        with engine.client() as client:
            before = client.vendor("GetShowState")["stats"]
            memory_before = rss_mb(engine.process.pid)
            os.kill(watcher.pid, signal.SIGSTOP)
            stopped_at = time.monotonic()
            counts = [0, 0]

            def keep_busy(slot: int) -> None:
                # Rundown reorders (two events carrying the whole rundown) and preview changes.
                with engine.client() as other:
                    while time.monotonic() - stopped_at < 10:
                        if slot:
                            other.vendor("MoveSegment", {"from_index": 1, "to_index": 2})
                        else:
                            other.vendor("PreviewProduct", {"sku": ("TV-55-4K", "HP-NC-BLK")[counts[0] % 2]})
                        counts[slot] += 1

            workers = [threading.Thread(target=keep_busy, args=(slot,)) for slot in (0, 1)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            index = sum(counts)
            memory_after = rss_mb(engine.process.pid)
            after = client.vendor("GetShowState")["stats"]
            os.kill(watcher.pid, signal.SIGCONT)
            missed = wait_until(lambda: [json.loads(line) for line in list(lines) if '"EventsMissed"' in line],
                                what="the missed-events marker")
            count_before = len(lines)
            client.vendor("AddMarker", {"text": "after the pause"})
            wait_until(lambda: any('"after the pause"' in line for line in lines[count_before:]),
                       what="events after the marker")
    finally:
        watcher.kill()
        watcher.wait()
    assert missed[0]["data"]["count"] > 0
    assert index > 300
    assert memory_after - memory_before < 40, f"engine memory grew {memory_after - memory_before:.0f} MB"
    assert after["frames_skipped"] == before["frames_skipped"], "frames skipped (or the machine was loaded)"
