"""YUV end to end (issue 29): a file decoded into I420, graphics blended into the planes, both canvases
encoded with no colour conversion on any frame; the recording shows the file and the graphics."""

from __future__ import annotations

import collections
import subprocess
import threading

import av
import numpy as np
import pytest

from studio.core import picture, pixels
from studio.core.canvas import VERTICAL
from studio.core.capture.audio import SilenceSource
from studio.core.capture.media_file import MediaFileSource
from studio.core.engine import Engine
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.samples import SAMPLE_LOGO
from studio.core.output.encoder import EncoderSettings
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink
from studio.core.vertical_canvas import VerticalCanvas

FPS, FRAMES = 30, 24
WIDTH, HEIGHT = 320, 180


@pytest.fixture(scope="module")
def moving_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("i420") / "moving.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size={WIDTH}x{HEIGHT}:rate={FPS}",
                    "-t", "2", "-c:v", "libx264", "-crf", "10", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def _decoded(path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="yuv420p") for frame in container.decode(video=0)]


def test_a_file_reaches_the_encoders_of_both_canvases_with_no_colour_conversion(moving_file, tmp_path, monkeypatch):
    graphics = ProgramGraphics(WIDTH, HEIGHT, extra_canvases={VERTICAL: (90, 160)})
    graphics.show("logo", SAMPLE_LOGO, instant=True)
    vertical = VerticalCanvas(EncoderSettings(90, 160, FPS), graphics, picture_format=picture.I420)
    settings = EncoderSettings(WIDTH, HEIGHT, FPS)
    engine = Engine(settings, MediaFileSource(moving_file), SilenceSource(), [], realtime=False, overlays=[graphics],
                    extra_canvases=[vertical], picture_format=picture.I420)
    paths = {"landscape": tmp_path / "landscape.mkv", VERTICAL: tmp_path / "vertical.mkv"}
    for canvas, path in paths.items():
        layout = (settings if canvas == "landscape" else vertical.settings).layout()
        engine.add_output(OutputSink(recording_spec(path, layout), reconnect=False), canvas)

    conversions = []
    for name in ("bgr_to_i420", "i420_to_bgr"):  # the studio's only colour conversions (studio/core/pixels.py)
        real = getattr(pixels, name)

        def counted(source, out, real=real, name=name):
            conversions.append((name, source.shape))
            return real(source, out)

        monkeypatch.setattr(pixels, name, counted)
    engine.run(duration_s=FRAMES / FPS, stop=threading.Event())
    assert engine.stats.frames_encoded == FRAMES
    assert conversions == [], "a frame costs no colour conversion from the decoder to x264"

    source, landscape = _decoded(moving_file), _decoded(paths["landscape"])
    assert len(landscape) == FRAMES and len(_decoded(paths[VERTICAL])) == FRAMES
    logo = graphics.layout()["logo"]
    for index in range(FRAMES):  # each frame its own source frame: none encoded after being composed over
        recorded, original = landscape[index].astype(int), source[index].astype(int)
        outside = np.abs(recorded[:HEIGHT, :logo.x - 8] - original[:HEIGHT, :logo.x - 8])
        assert outside.mean() <= 3, f"frame {index}: the file's picture, as decoded ({outside.mean():.1f})"
    frame, original = landscape[FRAMES // 2].astype(int), source[FRAMES // 2].astype(int)
    inside = np.abs(frame[logo.y:logo.y + logo.height, logo.x:logo.x + logo.width]
                    - original[logo.y:logo.y + logo.height, logo.x:logo.x + logo.width])
    assert inside.mean() > 10, "the logo is on it"


class _PeakDeque(collections.deque):
    peak = 0

    def append(self, item) -> None:
        super().append(item)
        _PeakDeque.peak = max(_PeakDeque.peak, len(self))


def test_a_late_engine_jumping_ahead_keeps_a_few_decoded_frames_not_every_frame_on_the_way(moving_file):
    """Skipping frames (an engine 0.5 s late or more) asks for a time far ahead: the frames decoded on
    the way are dropped as they pass, so memory stays a few frames (it held every one: 600 MB at 1080p)."""
    source = MediaFileSource(moving_file)
    source.prefer_format(picture.I420)
    source._frames = _PeakDeque()
    _PeakDeque.peak = 0
    first = source.frame_at(0.0)
    assert first is not None and first.shape == (HEIGHT * 3 // 2, WIDTH)
    later = source.frame_at(1.5)  # 45 frames on
    assert later is not None and not np.array_equal(later, first)
    assert _PeakDeque.peak <= 6, f"{_PeakDeque.peak} decoded frames held at once"
    source.close()
