"""Whole-studio crashes and a full disk: recordings stay playable, streaming goes on."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest

from tests.broadcast.live_process import LiveBroadcast
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.fixtures.small_disk import small_disk
from tests.probe import decoded_video_seconds, probe

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

KILLS = 4
MAX_LOSS_S = 4.0


def test_recordings_play_after_four_sigkills_of_the_whole_studio_at_random_moments(tmp_path):
    rng = random.Random(20261126)
    for attempt in range(KILLS):
        recording = tmp_path / f"crash-{attempt}{'.mp4' if attempt % 2 == 0 else '.mkv'}"
        live = LiveBroadcast(("--size", "640x360", "--record", str(recording)))
        live.wait_for_show_time(1, 20)
        time.sleep(rng.uniform(0.0, 3.0))
        last_progress = [line for line in live.lines if line.text[:2] == "00"][-1]
        shown_s = live.last_show_time_s() + (time.monotonic() - last_progress.at_s)
        os.killpg(live.process.pid, signal.SIGKILL)  # engine, output workers, everything
        live.wait(timeout_s=10)
        decode = subprocess.run(["ffmpeg", "-v", "error", "-i", str(recording), "-f", "null", "-"],
                                capture_output=True, text=True, timeout=60)
        assert decode.returncode == 0, f"{recording.name} does not play: {decode.stderr[-300:]}"
        kept_s = decoded_video_seconds(recording)
        assert kept_s >= shown_s - MAX_LOSS_S, f"{recording.name}: {kept_s:.1f} s kept of {shown_s:.1f} s shown"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB file system: enough for a few seconds of recording, then full."""
    with small_disk(tmp_path / "tiny-disk", "1m") as mount_point:
        yield mount_point


def test_a_full_disk_stops_the_recording_with_an_alert_and_streaming_goes_on(rtmp_server, tiny_disk, tmp_path):
    recording = tiny_disk / "show.mkv"
    live = LiveBroadcast(("--size", "640x360", "--duration", "8", "--to", rtmp_server.url("a"),
                          "--record", str(recording), "--stats-json", str(tmp_path / "stats.json")))
    alert = live.wait_for_line(r"ALERT: recording stopped.*disk full", 30)
    assert "show.mkv" in alert.text
    assert live.wait() == 0, live.text()
    wait_for_file_to_settle(rtmp_server.recording("a"))
    streamed = probe(rtmp_server.recording("a"))
    assert abs(streamed.duration_s - 8) <= 0.5
    pts = streamed.video_pts_s()
    assert max(b - a for a, b in zip(pts, pts[1:])) <= 0.1
    assert decoded_video_seconds(recording) > 1, "what fitted on the disk still plays"
