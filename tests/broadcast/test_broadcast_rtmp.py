"""A real broadcast to two nginx-rtmp destinations plus a recording, checked by ffprobe."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.broadcast.run_studio import run_studio
from tests.probe import probe

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

FPS = 30
DURATION_S = 10


def wait_for_file_to_settle(path: Path, timeout_s: float = 10.0) -> None:
    """nginx closes its recording shortly after the publisher leaves."""
    deadline = time.monotonic() + timeout_s
    last_size = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last_size:
            return
        last_size = size
        time.sleep(0.3)
    raise AssertionError(f"{path} did not appear or kept growing")


def assert_program_stream(media, width=1280, height=720):
    video = media.video
    assert video["codec_name"] == "h264"
    assert video["profile"] == "High"
    assert video["pix_fmt"] == "yuv420p"
    assert (video["width"], video["height"]) == (width, height)
    assert video["r_frame_rate"] == f"{FPS}/1"
    keyframes = media.keyframe_indices()
    assert keyframes[0] == 0, "the stream must start on a keyframe"
    gaps = {b - a for a, b in zip(keyframes, keyframes[1:])}
    assert gaps == {2 * FPS}, f"keyframe spacing in frames: {sorted(gaps)}"
    audio = media.audio
    assert audio is not None, f"{media.path}: no audio"
    assert audio["codec_name"] == "aac" and audio["profile"] == "LC"
    assert int(audio["sample_rate"]) == 48_000 and audio["channels"] == 2
    assert abs(media.duration_s - DURATION_S) <= 0.5, f"{media.path}: duration {media.duration_s}"
    pts = media.video_pts_s()
    assert all(b > a for a, b in zip(pts, pts[1:])), "video timestamps must strictly increase"
    assert len(pts) == DURATION_S * FPS
    start_gap_s = abs(media.first_pts_s("video") - media.first_pts_s("audio"))
    assert start_gap_s < 1 / FPS, f"audio and video start {start_gap_s * 1000:.0f} ms apart"


def test_ten_second_show_to_two_destinations_and_a_recording(rtmp_server, tmp_path):
    recording = tmp_path / "show.mp4"
    stats_path = tmp_path / "stats.json"
    result = run_studio(
        "broadcast", "--demo", "--duration", str(DURATION_S),
        "--to", rtmp_server.url("a"), "--to", rtmp_server.url("b"),
        "--record", str(recording), "--stats-json", str(stats_path),
    )
    assert result.returncode == 0, result.stderr
    for stream in ("a", "b"):
        wait_for_file_to_settle(rtmp_server.recording(stream))
        assert_program_stream(probe(rtmp_server.recording(stream)))
    assert_program_stream(probe(recording))
    assert "fps" in result.stderr and "live" in result.stderr, "a progress line every second"


def test_mkv_recording_has_the_same_program(tmp_path):
    recording = tmp_path / "show.mkv"
    result = run_studio("broadcast", "--duration", str(DURATION_S), "--record", str(recording),
                        "--as-fast-as-possible", "--quiet")
    assert result.returncode == 0, result.stderr
    assert_program_stream(probe(recording))
