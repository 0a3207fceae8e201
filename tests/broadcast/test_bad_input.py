"""Bad input gets one clear line naming what failed, no traceback, exit status 2."""

from __future__ import annotations

import os

import pytest

from tests.broadcast.run_studio import run_studio
from tests.fixtures.rtmp_server import free_port

# Outside `make test-fast`: many broadcast processes.
pytestmark = pytest.mark.slow



def assert_one_clear_line(result, *expected_fragments):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in expected_fragments:
        assert fragment in lines[0], lines[0]


def test_unreachable_destination(tmp_path):
    port = free_port()
    result = run_studio("broadcast", "--duration", "2", "--to", f"rtmp://127.0.0.1:{port}/live/secretkey1234")
    assert_one_clear_line(result, f"127.0.0.1:{port}", "connection refused")
    assert "secretkey1234" not in result.stderr, "the stream key must not be printed"


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1/live/x", "unsupported scheme"),
    ("rtmp:///live/x", "no host"),
    ("rtmp://127.0.0.1:99999/live/x", "port"),
    ("rtmp://127.0.0.1", "no application path"),
])
def test_malformed_destination(url, reason):
    assert_one_clear_line(run_studio("broadcast", "--duration", "1", "--to", url), reason)


def test_missing_video_file(tmp_path):
    missing = tmp_path / "nope.mp4"
    result = run_studio("broadcast", "--duration", "1", "--source", f"file:{missing}", "--record", str(tmp_path / "o.mkv"))
    assert_one_clear_line(result, str(missing), "no such file")


def test_device_or_fifo_as_video_file_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        result = run_studio("broadcast", "--duration", "1", "--source", f"file:{path}", "--record", str(tmp_path / "o.mkv"))
        assert_one_clear_line(result, path, "not a regular file")


def test_file_that_is_not_a_video(tmp_path):
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("this is not a video")
    result = run_studio("broadcast", "--duration", "1", "--source", f"file:{not_video}", "--record", str(tmp_path / "o.mkv"))
    assert_one_clear_line(result, str(not_video), "cannot be read")


def test_camera_that_does_not_open(tmp_path):
    result = run_studio("broadcast", "--duration", "1", "--source", "camera:57", "--record", str(tmp_path / "o.mkv"))
    assert_one_clear_line(result, "camera 57")


@pytest.mark.parametrize("args, fragment", [
    (["--size", "big"], "WIDTHxHEIGHT"),
    (["--size", "1281x720"], "even"),
    (["--duration", "-3"], "--duration"),
    (["--video-bitrate", "5"], "--video-bitrate"),
    (["--source", "webcam"], "--source"),
])
def test_bad_options(tmp_path, args, fragment):
    result = run_studio("broadcast", *args, "--record", str(tmp_path / "o.mkv"))
    assert_one_clear_line(result, fragment)


def test_unknown_recording_type(tmp_path):
    result = run_studio("broadcast", "--duration", "1", "--record", str(tmp_path / "show.avi"))
    assert_one_clear_line(result, "show.avi", "unknown file type")


def test_nothing_to_send_to():
    assert_one_clear_line(run_studio("broadcast", "--duration", "1"), "--to", "--record")


def test_the_x264_preset_is_chosen_on_the_command_line_and_checked():
    import argparse

    from studio.commands._encoder_options import add_encoder_options, encoder_settings

    parser = argparse.ArgumentParser()
    add_encoder_options(parser)
    assert encoder_settings(parser.parse_args(["--x264-preset", "faster"])).preset == "faster"
    assert encoder_settings(parser.parse_args([])).preset == "veryfast"
    with pytest.raises(SystemExit):
        parser.parse_args(["--x264-preset", "placebo"])  # argparse names the choices
