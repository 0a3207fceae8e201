"""Opening a camera through PyAV without a camera: the device's address and options per platform, a
missing device, the fallback to the device's own mode, and reading pictures from an open input."""

from __future__ import annotations

import av
import pytest

from studio.core import picture
from studio.core.capture import camera_device
from studio.core.capture.camera_device import CameraDevice, CameraMode, device_address, open_camera, open_options


def test_each_platform_opens_the_camera_through_its_own_ffmpeg_device():
    assert device_address(2, platform="linux") == ("v4l2", "/dev/video2")
    assert device_address(1, platform="darwin") == ("avfoundation", "1:none")
    assert device_address(0, "Studio Cam", platform="win32") == ("dshow", "video=Studio Cam")


def test_the_canvas_size_and_rate_are_asked_for_in_ffmpegs_option_names():
    assert open_options(CameraMode(1280, 720, 30), "v4l2") == {"video_size": "1280x720", "framerate": "30"}
    assert open_options(CameraMode(640, 360, 29.97), "avfoundation")["framerate"] == "29.97"


def test_a_device_that_is_not_there_does_not_open():
    assert open_camera(63, CameraMode(640, 360, 30)) is None   # the real V4L2 demuxer: /dev/video63 is absent


def _test_source(width: int, height: int) -> av.container.InputContainer:
    return av.open(f"testsrc2=size={width}x{height}:rate=25", format="lavfi")


def test_a_mode_the_device_refuses_is_opened_in_its_default_mode(monkeypatch):
    calls = []
    real_open = av.open

    def fake_open(address, format, options, timeout):
        calls.append((address, format, options))
        if options:
            raise av.error.InvalidDataError(22, "the device lists no 1920x1080")  # as V4L2 answers a size it lacks
        return real_open("testsrc2=size=320x240:rate=25", format="lavfi")

    monkeypatch.setattr(camera_device.av, "open", fake_open)
    device = open_camera(0, CameraMode(1920, 1080, 30), picture.I420)
    try:
        assert [options for _, _, options in calls] == [{"video_size": "1920x1080", "framerate": "30"}, {}]
        assert device.mode == CameraMode(320, 240, 25)
    finally:
        device.release()


@pytest.mark.parametrize(("picture_format", "shape"), [(picture.I420, (360, 320)), (picture.BGR, (240, 320, 3))])
def test_pictures_come_in_the_engines_format(picture_format, shape):
    device = CameraDevice(_test_source(320, 240), picture_format)
    try:
        first, second = device.read(), device.read()
        assert first.shape == shape and second.shape == shape and not (first == second).all()
    finally:
        device.release()


def test_an_odd_sized_camera_gives_bgr_for_the_engine_to_fit():
    device = CameraDevice(av.open("testsrc=size=321x241:rate=25", format="lavfi"), picture.I420)  # RGB, odd
    try:
        assert device.read().shape == (241, 321, 3)
    finally:
        device.release()


def test_an_open_camera_switches_to_the_engines_format_at_its_next_picture():
    device = CameraDevice(_test_source(320, 240), picture.BGR)
    try:
        assert device.read().shape == (240, 320, 3)
        device.prefer_format(picture.I420)
        assert device.read().shape == (360, 320)
    finally:
        device.release()
