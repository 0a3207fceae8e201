"""The vertical canvas's options and reframing: plans built from real arguments, bad values refused
with one line naming the option, the camera cropped (never stretched) at the asked offset."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from studio.commands.broadcast import add_show_options, build_plan
from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.frame_fit import crop_into, crop_window
from studio.core.plan import DestinationPlan, Plan
from studio.core.output.encoder import EncoderSettings
from studio.errors import UserInputError


def plan_from(tmp_path, *argv: str) -> Plan:
    parser = argparse.ArgumentParser()
    add_show_options(parser)
    args = parser.parse_args(["--db", str(tmp_path / "s.db"), *argv])
    return build_plan(args, check_reachable_now=False)


def test_to_vertical_and_record_vertical_bind_outputs_to_the_vertical_canvas(tmp_path):
    plan = plan_from(tmp_path, "--to", "rtmp://127.0.0.1/live/a", "--to-vertical", "rtmp://127.0.0.1/live/b",
                     "--record", str(tmp_path / "l.mp4"), "--record-vertical", str(tmp_path / "v.mp4"),
                     "--vertical-crop", "0.25")
    assert [d.canvas for d in plan.destinations] == [LANDSCAPE, VERTICAL]
    assert (plan.vertical.width, plan.vertical.height, plan.vertical.crop_offset) == (720, 1280, 0.25)
    vertical = plan.encoder_for(VERTICAL)
    assert (vertical.width, vertical.height, vertical.fps) == (720, 1280, plan.encoder.fps)
    assert vertical.keyframe_interval_s == plan.encoder.keyframe_interval_s  # keyframes line up on both canvases
    assert plan.vertical_recording == tmp_path / "v.mp4"


def test_no_vertical_output_means_no_vertical_canvas(tmp_path):
    plan = plan_from(tmp_path, "--record", str(tmp_path / "l.mp4"), "--vertical-size", "1080x1920")
    assert plan.vertical is None


@pytest.mark.parametrize(("argv", "message"), [
    (["--vertical-size", "1280x720"], "--vertical-size 1280x720: the vertical canvas is 9:16 portrait"),
    (["--vertical-size", "1440x2560"], "--vertical-size 1440x2560: at most 1080x1920"),
    (["--vertical-crop", "1.5"], "--vertical-crop 1.5: must be a number from -1 (left edge)"),
    (["--vertical-bitrate", "5"], "--vertical-bitrate 5: must be between"),
])
def test_bad_vertical_options_name_the_option(tmp_path, argv, message):
    with pytest.raises(UserInputError) as error:
        plan_from(tmp_path, "--record-vertical", str(tmp_path / "v.mp4"), *argv)
    assert message in str(error.value)


def test_one_file_for_both_canvases_is_refused(tmp_path):
    path = str(tmp_path / "same.mp4")
    with pytest.raises(UserInputError, match="give each canvas its own file"):
        plan_from(tmp_path, "--record", path, "--record-vertical", path)


def test_a_plan_cannot_bind_an_output_to_a_canvas_it_lacks():
    with pytest.raises(ValueError, match="vertical canvas"):
        Plan(encoder=EncoderSettings(1280, 720, 30),
             destinations=(DestinationPlan("x", "rtmp://127.0.0.1/live/x", canvas=VERTICAL),))


@pytest.mark.parametrize(("offset", "left"), [(-1.0, 0), (0.0, 656), (1.0, 1312), (-0.5, 328)])
def test_crop_window_moves_across_the_room_it_has(offset, left):
    # 1920x1080 camera on a 9:16 canvas: a 608-pixel-wide window, 1312 pixels of room.
    assert crop_window(1920, 1080, 720, 1280, offset) == (left, 608)


def test_crop_keeps_the_shape_and_the_asked_part_of_the_picture():
    """Columns numbered by their x: the vertical picture shows the window's columns, in order, uniformly scaled."""
    source = np.zeros((360, 640, 3), np.uint8)
    source[:, :, 0] = (np.arange(640) * 255 // 639).astype(np.uint8)
    canvas = np.zeros((640, 360, 3), np.uint8)
    for offset in (-1.0, 0.0, 1.0):
        crop_into(source, canvas, offset)
        left, width = crop_window(640, 360, 360, 640, offset)
        assert abs(width / 360 - 360 / 640) < 0.01  # the window has the canvas's shape: no stretch
        assert abs(int(canvas[320, 0, 0]) - int(source[0, left, 0])) <= 2
        assert abs(int(canvas[320, -1, 0]) - int(source[0, left + width - 1, 0])) <= 2


def test_a_source_already_narrower_than_the_canvas_is_fitted_not_cropped():
    source = np.full((400, 200, 3), 200, np.uint8)  # 1:2, narrower than 9:16
    canvas = np.zeros((640, 360, 3), np.uint8)
    crop_into(source, canvas, 0.7)
    assert crop_window(200, 400, 360, 640, 0.7) is None
    assert canvas[320, 180, 0] == 200 and canvas[320, 0, 0] == 0  # pillarboxed, not stretched
