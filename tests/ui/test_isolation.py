"""The window is only a client: freezing or killing it never touches the show on air.

Real processes throughout: `studio engine`, the window (`studio`, offscreen), nginx-rtmp.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.wire.client import ControlClient, find_local_engine

pytestmark = pytest.mark.realtime  # counts the frames the show loses: never beside another real-time test

FREEZE_S = 10       # the condition measured, not a wait for something to start
WAIT_S = 60


def wait_for(condition, what: str, timeout_s: float = WAIT_S):
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def open_window(db_path: str, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with open(log_path, "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "studio", "--db", db_path], env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def frames_mapped(pid: int, names: list[str]) -> bool:
    """The window's monitors have the engine's shared-memory frames open."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False
    return all(name.lstrip("/") in maps for name in names)


def connect_test_client() -> ControlClient:
    return wait_for(lambda: _try_connect(), "the engine's control API")


def _try_connect() -> ControlClient | None:
    try:
        return ControlClient(*find_local_engine()).connect()
    except Exception:
        return None


def snapshot(client: ControlClient) -> dict:
    return client.vendor("GetShowState")


def counters(state: dict) -> tuple[int, int, int]:
    stats = state["stats"]
    dropped = sum(d.get("dropped_frames", 0) for d in state["destinations"])
    return stats["frames_encoded"], stats["frames_skipped"], dropped


def wait_attached(window: subprocess.Popen, client: ControlClient) -> None:
    names = [f["name"] for f in snapshot(client)["frames"].values()]
    wait_for(lambda: frames_mapped(window.pid, names), "the window's monitors to open the frames")


@pytest.fixture
def window_log(tmp_path):
    path = tmp_path / "window.log"
    yield path


@pytest.mark.slow
def test_a_frozen_window_costs_the_show_no_frame(engine_factory, demo_db, rtmp_server, window_log):
    engine_factory("--to", rtmp_server.url("frozen"), "--live")
    client = connect_test_client()
    window = open_window(demo_db, window_log)
    try:
        wait_attached(window, client)
        # live, and the start-up burst (headers, first keyframe) drained from the queue
        wait_for(lambda: all(d["state"] == "live" and d["queue_ms"] < 200 for d in snapshot(client)["destinations"]),
                 "the destination to be live with an empty queue")
        encoded, skipped, dropped = counters(snapshot(client))
        os.kill(window.pid, signal.SIGSTOP)
        time.sleep(FREEZE_S)
        encoded_after, skipped_after, dropped_after = counters(snapshot(client))
        os.kill(window.pid, signal.SIGCONT)
        assert encoded_after - encoded >= FREEZE_S * 30 * 0.9
        assert (skipped_after - skipped, dropped_after - dropped) == (0, 0)
        time.sleep(1)
        assert window.poll() is None, window_log.read_text()
        assert snapshot(client)["live"] is True
    finally:
        window.terminate()
        window.wait(timeout=20)
        client.close()


@pytest.mark.slow
def test_a_killed_window_leaves_the_show_on_air_and_a_new_one_reattaches(
        qtbot, demo_db, rtmp_server, window_log, engine_started_by_the_window, console_factory):
    subprocess.run([sys.executable, "-m", "studio", "destination", "add", "local", "--preset", "custom",
                    "--url", f"rtmp://127.0.0.1:{rtmp_server.port}/live", "--key-stdin", "--db", demo_db],
                   input="window-kill-test\n", text=True, check=True, capture_output=True)
    window = open_window(demo_db, window_log)            # no engine yet: the window starts one, apart
    client = connect_test_client()
    try:
        wait_attached(window, client)
        client.request("StartStream")
        wait_for(lambda: snapshot(client)["live"] and
                 all(d["state"] == "live" for d in snapshot(client)["destinations"]), "the show to go live")
        window.kill()
        window.wait(timeout=10)
        before = snapshot(client)["frame"]
        wait_for(lambda: snapshot(client)["frame"] > before + 60, "the engine to go on without the window")
        state = snapshot(client)
        assert state["live"] is True and all(d["state"] == "live" for d in state["destinations"])
    finally:
        client.close()

    console = console_factory()                          # what `studio` does when an engine is running
    qtbot.waitUntil(lambda: console.live_controls.live_button.isChecked(), timeout=20_000)
    assert console.monitors.program.on_air
    qtbot.waitUntil(lambda: console.destinations.model.rowCount() == 1, timeout=20_000)
    assert console.destinations.model.row_dict(0)["state"] == "live"
