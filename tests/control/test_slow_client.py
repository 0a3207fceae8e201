"""A client that stops reading loses events (and is told so); the engine neither stalls nor grows."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time

import pytest
from websockets.sync.client import connect

from studio.wire.protocol import auth_response

from tests.broadcast.run_studio import REPO_ROOT, studio_command, studio_env
from tests.fixtures.engine import user_env, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


@contextlib.contextmanager
def raw_client(engine):
    """A client that pipelines requests (the ControlClient waits for each answer) and hears no events."""
    with connect(engine.url).__enter__() as socket:
        auth = json.loads(socket.recv(timeout=10))["d"]["authentication"]
        socket.send(json.dumps({"op": 1, "d": {"rpcVersion": 1, "eventSubscriptions": 0, "authentication":
                                               auth_response(engine.password, auth["salt"], auth["challenge"])}}))
        assert json.loads(socket.recv(timeout=10))["op"] == 2
        yield socket


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
            index = 0
            with raw_client(engine) as other:
                while time.monotonic() - stopped_at < 10:
                    # 100 rundown reorders at once, each announced with the whole rundown, twice:
                    # far more than the stopped client's queue and socket buffers hold.
                    for number in range(100):
                        other.send(json.dumps({"op": 6, "d": {"requestType": "CallVendorRequest", "requestId": str(number),
                                                              "requestData": {"vendorName": "live-shopping-studio",
                                                                              "requestType": "MoveSegment",
                                                                              "requestData": {"from_index": 1, "to_index": 2}}}}))
                    # and ten 50 KB client-to-client events: the stopped client's queue (capped in bytes
                    # too, studio/gateway/limits.py) overflows whatever the kernel's buffers hold
                    for number in range(10):
                        other.send(json.dumps({"op": 6, "d": {"requestType": "BroadcastCustomEvent",
                                                              "requestId": f"c{number}", "requestData": {
                                                                  "eventData": {"pad": "x" * 50_000}}}}))
                    for _ in range(110):
                        other.recv(timeout=30)
                    index += 100
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
    assert index >= 200       # rounds of 100 moves (and ten 50 KB events) in the 10 s the subscriber was stopped
    assert memory_after - memory_before < 40, f"engine memory grew {memory_after - memory_before:.0f} MB"
    assert after["frames_skipped"] == before["frames_skipped"], "frames skipped (or the machine was loaded)"
