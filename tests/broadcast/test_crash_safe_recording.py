"""A recording must stay playable when the studio is killed without warning."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.broadcast.run_studio import start_studio
from tests.probe import decoded_video_seconds

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_recording_of_a_show_killed_after_five_seconds_still_plays(tmp_path, suffix):
    recording = tmp_path / f"killed{suffix}"
    process = start_studio("broadcast", "--demo", "--record", str(recording), start_new_session=True)
    time.sleep(5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(1.0)  # the output worker notices its engine is gone and finalises
    assert decoded_video_seconds(recording) >= 4.0


def test_recording_survives_killing_every_studio_process(tmp_path):
    """Even with the output worker killed too, only the last fragment is lost."""
    recording = tmp_path / "killed-group.mp4"
    process = start_studio("broadcast", "--record", str(recording), start_new_session=True)
    time.sleep(5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert decoded_video_seconds(recording) >= 3.0
