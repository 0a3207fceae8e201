"""A file's decoded picture viewed in the decoder's planes (PlanarI420) is the same picture as the packed array
it replaced: fitted, cropped for the vertical canvas and converted, byte for byte; and it is copied once."""

from __future__ import annotations

import subprocess

import av
import numpy as np
import pytest

from studio.core import picture
from studio.core.capture.media_file import MediaFileSource
from studio.core.frame_fit import crop_picture, fit_picture


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("planar") / "clip.mkv"
    # 200 wide: the decoder pads its rows (line_size > width), so the views are strided.
    subprocess.run(["ffmpeg", "-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=200x120:rate=30", "-frames:v", "5", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    return path


def decoded(clip) -> list[av.VideoFrame]:
    with av.open(str(clip)) as container:
        return list(container.decode(video=0))


def test_the_planes_viewed_are_the_picture_the_decoder_packs(clip):
    frames = decoded(clip)
    assert frames[0].planes[0].line_size > frames[0].width, "the case this test is for: padded rows"
    for frame in frames:
        planar = picture.PlanarI420.from_frame(frame)
        expected = frame.to_ndarray(format="yuv420p")
        assert picture.is_i420(planar) and picture.size_of(planar) == (200, 120)
        assert np.array_equal(planar.packed(), expected)
        assert all(np.array_equal(a, b) for a, b in zip(picture.planes(planar), picture.planes(expected)))


@pytest.mark.parametrize("canvas_size", [(200, 120), (320, 180), (120, 200)])
def test_fitted_cropped_and_converted_as_the_packed_picture_is(clip, canvas_size):
    frame = decoded(clip)[2]
    planar, packed = picture.PlanarI420.from_frame(frame), frame.to_ndarray(format="yuv420p")
    width, height = canvas_size
    for place in (fit_picture, lambda s, c, scratch: crop_picture(s, c, 0.3, scratch)):
        ours, theirs = picture.blank(width, height, picture.I420), picture.blank(width, height, picture.I420)
        place(planar, ours, {})
        place(packed, theirs, {})
        assert np.array_equal(ours, theirs)
    assert np.array_equal(picture.to_bgr(planar), picture.to_bgr(packed))


def test_a_file_source_hands_the_engine_its_decoders_planes_and_an_input_one_array(clip):
    source = MediaFileSource(clip)
    source.prefer_format(picture.I420)
    first = source.frame_at(0.0)
    assert isinstance(first, picture.PlanarI420)
    assert np.array_equal(first.packed(), decoded(clip)[0].to_ndarray(format="yuv420p"))
    source.close()
    for_an_input = MediaFileSource(clip)
    for_an_input.planar = False
    for_an_input.prefer_format(picture.I420)
    assert isinstance(for_an_input.frame_at(0.0), np.ndarray)
    for_an_input.close()
