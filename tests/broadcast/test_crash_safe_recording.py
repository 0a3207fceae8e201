"""A recording must stay playable when the studio is killed without warning.

The kill comes after the broadcast has reported five seconds of show time (its
progress line), never after a fixed sleep: on a cold machine start-up alone can
take seconds, and counting it as show time made this test fail (issue 13.4).
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.broadcast.live_process import LiveBroadcast
from tests.probe import decoded_video_seconds

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

START_UP_TIMEOUT_S = 60


def wait_until_group_gone(process_group: int, timeout_s: float = 15.0) -> None:
    """The output worker notices its engine is gone, finalises its file and exits: wait for that."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(process_group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes of group {process_group} still running {timeout_s} s after the kill")


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_recording_of_a_show_killed_after_five_seconds_still_plays(tmp_path, suffix):
    recording = tmp_path / f"killed{suffix}"
    live = LiveBroadcast(("--demo", "--record", str(recording)))
    live.wait_for_show_time(5, START_UP_TIMEOUT_S)  # five seconds of show time have been encoded
    os.kill(live.process.pid, signal.SIGKILL)
    live.wait(timeout_s=10)
    wait_until_group_gone(live.process.pid)
    assert decoded_video_seconds(recording) >= 4.0


def test_recording_survives_killing_every_studio_process(tmp_path):
    """Even with the output worker killed too, only the last fragment is lost."""
    recording = tmp_path / "killed-group.mp4"
    live = LiveBroadcast(("--record", str(recording)))
    live.wait_for_show_time(5, START_UP_TIMEOUT_S)
    os.killpg(live.process.pid, signal.SIGKILL)
    live.wait(timeout_s=10)
    assert decoded_video_seconds(recording) >= 3.0
