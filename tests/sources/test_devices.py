"""Picking cameras and microphones by name; cameras named from a video4linux tree."""

from __future__ import annotations

import pytest

from studio.core.canvas import Canvas
from studio.core.capture.devices import DeviceInfo, FixedDevices, SystemDevices, pick_device
from studio.core.capture.specs import open_audio, open_video
from studio.core.capture.test_card import TestCardSource
from studio.errors import UserInputError

CAMERAS = [DeviceInfo("camera", "Logitech BRIO", 0, label="/dev/video0"),
           DeviceInfo("camera", "Integrated Camera: Integrated C", 2, label="/dev/video2"),
           DeviceInfo("camera", "Logitech C920", 4, label="/dev/video4")]
MICS = [DeviceInfo("microphone", "alsa_input.usb-RODE_NT-USB", "alsa_input.usb-RODE_NT-USB", label="RØDE NT-USB"),
        DeviceInfo("microphone", "alsa_input.pci-0000_00_1f.3.analog-stereo", "alsa_input.pci", label="Built-in Audio",
                   default=True)]
CANVAS = Canvas(640, 360, 30)


def test_a_unique_part_of_the_name_in_any_case_picks_the_device():
    assert pick_device(CAMERAS, "brio", "--source camera:brio", "camera").key == 0
    assert pick_device(CAMERAS, "integrated", "--source camera:integrated", "camera").key == 2
    assert pick_device(MICS, "røde", "--audio mic:røde", "microphone").key == "alsa_input.usb-RODE_NT-USB", "labels match too"


def test_an_exact_name_wins_over_names_that_contain_it():
    devices = [DeviceInfo("microphone", "USB Mic", 1), DeviceInfo("microphone", "USB Mic 2", 2)]
    assert pick_device(devices, "usb mic", "--audio mic:usb mic", "microphone").key == 1


def test_an_ambiguous_name_lists_the_candidates():
    with pytest.raises(UserInputError) as error:
        pick_device(CAMERAS, "logitech", "--source camera:logitech", "camera")
    assert str(error.value) == ("--source camera:logitech: 'logitech' matches 2 cameras, give more of the name: "
                                "Logitech BRIO (/dev/video0); Logitech C920 (/dev/video4)")


def test_an_unknown_name_lists_every_device():
    with pytest.raises(UserInputError) as error:
        pick_device(MICS, "shure", "--audio mic:shure", "microphone")
    assert "--audio mic:shure: no microphone matches 'shure'; microphones: " in str(error.value)
    assert "Built-in Audio) [default]" in str(error.value)


def test_camera_specs_by_name_and_by_index():
    devices = FixedDevices(cameras=CAMERAS)
    by_name = open_video("camera:c920", CANVAS, devices=devices)
    assert (by_name.index, by_name.description) == (4, "camera 4 (Logitech C920)")
    assert open_video("camera:2", CANVAS, devices=devices).index == 2


@pytest.mark.parametrize("spec, message", [
    ("camera:1000", "--source camera:1000: there is no camera 1000; cameras: 0: Logitech BRIO; "
                    "2: Integrated Camera: Integrated C; 4: Logitech C920"),
    ("camera:3", "--source camera:3: there is no camera 3; cameras: 0: Logitech BRIO;"),
    ("camera:", "--source camera:: give the camera's index or name, e.g. camera:0"),
    ("camera:sony", "--source camera:sony: no camera matches 'sony'; cameras: Logitech BRIO (/dev/video0);"),
])
def test_bad_camera_specs_are_one_line_errors(spec, message):
    with pytest.raises(UserInputError) as error:
        open_video(spec, CANVAS, devices=FixedDevices(cameras=CAMERAS))
    assert str(error.value).startswith(message)


def test_an_absurd_index_is_refused_even_where_cameras_cannot_be_listed():
    with pytest.raises(UserInputError, match="there is no camera 1000; cameras: none found"):
        open_video("camera:1000", CANVAS, devices=FixedDevices())
    assert open_video("camera:1", CANVAS, devices=FixedDevices()).index == 1, "unlisted platforms open by index"


def test_mic_specs_pick_by_name_and_bad_audio_specs_list_the_choices():
    devices = FixedDevices(microphones=MICS, audio_backend=object())
    mic = open_audio("mic:built-in", TestCardSource(64, 36, 30), devices=devices)
    assert mic.device.key == "alsa_input.pci" and mic.description.startswith("microphone alsa_input.pci-")
    assert open_audio("mic", TestCardSource(64, 36, 30), devices=devices).device is None, "the system default"
    with pytest.raises(UserInputError, match=r"--audio 'micro': expected tone, silence, file, mic, mic:NAME"):
        open_audio("micro", TestCardSource(64, 36, 30), devices=devices)


def test_cameras_are_named_from_video4linux_capture_nodes(tmp_path):
    for node, name, index in (("video0", "HD Webcam", "0"), ("video1", "HD Webcam", "1"), ("video10", "Capture Card", "0")):
        (tmp_path / node).mkdir()
        (tmp_path / node / "name").write_text(name + "\n")
        (tmp_path / node / "index").write_text(index + "\n")
    cameras = SystemDevices(video4linux=tmp_path).cameras()
    assert [(c.key, c.name, c.label) for c in cameras] == [(0, "HD Webcam", "/dev/video0"),
                                                          (10, "Capture Card", "/dev/video10")], "metadata nodes left out"
    assert SystemDevices(video4linux=tmp_path / "absent").cameras() == []
