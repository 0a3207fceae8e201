"""A network input arrives at its own size: the child ffmpeg neither upscales a phone's 720p to the program's
1080p nor pipes 3 MB a picture; only a stream larger than the program is scaled down. The real reader and
the system's ffmpeg, fed a local file through the same concat script (its `file` entry is the stream)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import traceback

import av
import numpy as np
import pytest

from studio.core import picture
from studio.core.inputs.feed import INPUT_NICENESS
from studio.core.inputs.ingest import IngestFeed
from studio.core.inputs.y4m import Y4mError, Y4mReader, parse_header
from tests.fixtures.engine import wait_until

pytestmark = pytest.mark.slow


class RecordingFeed(IngestFeed):
    """The real feed, keeping every picture it publishes."""

    def __init__(self, url: str, width: int, height: int):
        super().__init__("guest", url, url, False, width, height)
        self.prefer_format(picture.I420)
        self.pictures: list[np.ndarray] = []
        self.seen = threading.Event()
        self.child_nice: list[int] = []

    def publish(self, frame: np.ndarray, read_at_s: float | None = None) -> None:
        if not self.pictures and self._process is not None:
            self.child_nice.append(os.getpriority(os.PRIO_PROCESS, self._process.pid))
        self.pictures.append(frame)
        self.seen.set()
        super().publish(frame, read_at_s)


def clip(path, size: str, frames: int = 30) -> str:
    subprocess.run(["ffmpeg", "-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"testsrc2=size={size}:rate=30", "-frames:v", str(frames), "-c:v", "libx264", "-preset",
                    "ultrafast", "-f", "mpegts", str(path)], check=True)
    return str(path)


def received(url: str, width: int, height: int, count: int) -> RecordingFeed:
    feed = RecordingFeed(url, width, height)
    feed.start()
    try:
        wait_until(lambda: len(feed.pictures) >= count, 60, f"{count} pictures from the child ffmpeg")
    except AssertionError as error:
        raise AssertionError(f"{error}: {len(feed.pictures)} came; {_child_state(feed)}") from None
    finally:
        feed.close()
    return feed


def _child_state(feed: RecordingFeed) -> str:
    """What the child was doing (a clean-clone run timed out here with nothing else to say)."""
    process = feed._process
    if process is None:
        thread = feed._thread
        frame = sys._current_frames().get(thread.ident) if thread is not None else None
        where = "".join(traceback.format_stack(frame)[-4:]) if frame is not None else "no reader thread"
        return f"no child running; reason {feed.reason!r}, ffmpeg said {list(feed._errors)[-5:]}; the reader at:\n{where}"
    try:
        with open(f"/proc/{process.pid}/stat") as stat, open(f"/proc/{process.pid}/wchan") as wchan:
            fields = stat.read().rsplit(")", 1)[1].split()
            state = f"state {fields[0]}, CPU {int(fields[11]) + int(fields[12])} ticks, waiting in {wchan.read()!r}"
    except OSError:
        state = f"ended ({process.poll()})"
    with open(f"/proc/{process.pid}/cmdline", "rb") if os.path.exists(f"/proc/{process.pid}/cmdline") else \
            open(os.devnull, "rb") as cmdline:
        argv0 = cmdline.read().split(b"\0")[0].decode(errors="replace")
    return f"child {process.pid} ({argv0 or '?'}) {state}; ffmpeg said {list(feed._errors)[-5:]}"


def test_a_stream_smaller_than_the_program_arrives_at_its_own_size_picture_for_picture(tmp_path):
    url = clip(tmp_path / "phone.ts", "320x240")
    feed = received(url, 640, 360, 30)
    assert feed.child_nice == [min(19, os.getpriority(os.PRIO_PROCESS, 0) + INPUT_NICENESS)], \
        "the receiving ffmpeg runs below the engine's frame loop, as its reader thread does"
    with av.open(url) as container:
        decoded = [frame.to_ndarray(format="yuv420p") for frame in container.decode(video=0)]
    assert {p.shape for p in feed.pictures} == {(360, 320)}, "320x240 as I420, not upscaled to 640x360"
    for index in range(30):
        assert np.array_equal(feed.pictures[index], decoded[index]), f"picture {index} as decoded"


@pytest.mark.parametrize("size, expected", [("1280x720", (640, 360)), ("720x1280", (202, 360))])
def test_a_stream_larger_than_the_program_is_scaled_down_to_fit_it(tmp_path, size, expected):
    feed = received(clip(tmp_path / "big.ts", size, 10), 640, 360, 5)
    assert {picture.size_of(p) for p in feed.pictures} == {expected}


def test_a_stream_whose_size_changes_midway_keeps_its_first_size_and_is_never_torn(tmp_path):
    first, second = clip(tmp_path / "a.ts", "320x240", 20), clip(tmp_path / "b.ts", "480x270", 20)
    joined = tmp_path / "ab.ts"
    joined.write_bytes(open(first, "rb").read() + open(second, "rb").read())
    feed = received(str(joined), 640, 360, 35)
    assert {p.shape for p in feed.pictures} == {(360, 320)}
    with av.open(first) as container:
        opening = [frame.to_ndarray(format="yuv420p") for frame in container.decode(video=0)]
    assert all(np.array_equal(feed.pictures[i], opening[i]) for i in range(20))
    assert not any(np.array_equal(feed.pictures[20 + i], opening[i]) for i in range(15)), \
        "the second part's pictures (scaled to the first size), not the stream received again from its start"


def _piped(data: bytes) -> int:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, data)
    os.close(write_fd)
    return read_fd


def _read_all(fd: int) -> list[np.ndarray]:
    reader, pictures = Y4mReader(fd), []
    try:
        while True:
            got = reader.read()
            if got is not None:
                pictures.append(got)
    except EOFError:
        return pictures
    finally:
        os.close(fd)


def test_the_reader_takes_pictures_whole_and_refuses_a_torn_stream():
    planes = bytes(range(6)) * 2           # a 4x2 I420 picture is 12 bytes
    stream = b"YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n" + (b"FRAME\n" + planes) * 3
    pictures = _read_all(_piped(stream))
    assert len(pictures) == 3 and all(p.shape == (3, 4) and p.tobytes() == planes for p in pictures)
    assert pictures[0] is not pictures[1], "each picture its own array: the engine may hold the last one"
    with pytest.raises(Y4mError, match="changed mid-stream"):
        _read_all(_piped(stream[:-12] + planes[:6] + b"FRAME\n" + planes))


@pytest.mark.parametrize("header, message", [
    (b"RIFF W4 H2", "not a Y4M"), (b"YUV4MPEG2 W4 F30:1", "without its size"),
    (b"YUV4MPEG2 W4 H2 C444", "not 4:2:0"), (b"YUV4MPEG2 W5 H2", "even sides"), (b"YUV4MPEG2 W99999 H2", "even sides")])
def test_a_header_the_reader_did_not_ask_for_is_refused_by_name(header, message):
    with pytest.raises(Y4mError, match=message):
        parse_header(header)
