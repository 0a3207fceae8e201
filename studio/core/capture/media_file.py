"""A video file played in a loop, decoded with PyAV, pulled at show-clock times.

The file is demuxed on demand: asking for the frame at show time t decodes
until a frame later than t is known, and the file's sound collected on the way
feeds `FileAudio`. Each pass through the file is offset by the file's length so
timestamps keep rising across loops.
"""

from __future__ import annotations

import collections
import errno
import os
import stat
from pathlib import Path

import av
import numpy as np

from studio.core import picture
from studio.core.capture.source import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, AudioSource, VideoSource
from studio.errors import UserInputError, error_reason

# A file that yields no picture after this many packets is not playable.
MAX_PACKETS_WITHOUT_PROGRESS = 2000
# An error message shows at most this much of a path (a 10 KB path is not a message).
SHOWN_PATH_CHARS = 120
_PATH_MAX = os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 260
_NAME_MAX = os.pathconf("/", "PC_NAME_MAX") if hasattr(os, "pathconf") else 255


def check_regular_file(path: Path, what: str) -> None:
    """A UserInputError with the real reason: no such file, not a regular file (a device, FIFO or
    directory would block or never end), or a path longer than the system takes (named by its limit)."""
    shown = str(path) if len(str(path)) <= SHOWN_PATH_CHARS else str(path)[:SHOWN_PATH_CHARS] + "..."
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise UserInputError(f"{what} {shown}: path too long ({len(os.fsencode(path))} bytes; the limit is "
                                 f"{_PATH_MAX} bytes, {_NAME_MAX} bytes per name)") from None
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise UserInputError(f"{what} {shown}: no such file") from None
        raise UserInputError(f"{what} {shown}: cannot be read ({error_reason(error)})") from None
    if not stat.S_ISREG(mode):
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket or special file")
        raise UserInputError(f"{what} {shown}: not a regular file ({kind}); give a video file")


class MediaFileSource(VideoSource):
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.description = f"file {self.path}"
        check_regular_file(self.path, "video file")
        try:
            self._container = av.open(str(self.path))
        except av.error.FFmpegError as error:
            raise UserInputError(f"video file {self.path}: cannot be read ({error.strerror or error})") from None
        if not self._container.streams.video:
            self._container.close()
            raise UserInputError(f"video file {self.path}: has no video stream")
        self._video_stream = self._container.streams.video[0]
        self._audio_stream = self._container.streams.audio[0] if self._container.streams.audio else None
        self._video_stream.thread_type = "AUTO"
        self._resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_SAMPLE_RATE)
        self._resampler_used = False
        self._frame_duration_s = 1 / float(self._video_stream.average_rate or 30)
        self._frames: collections.deque[tuple[float, np.ndarray]] = collections.deque()
        self._current: np.ndarray | None = None
        self._audio_chunks: collections.deque[np.ndarray] = collections.deque()
        self._audio_buffered = 0
        self._loop_offset_s = 0.0
        self._pass_end_s = 0.0
        self._decode_format = "bgr24"
        self.planar = True      # pictures as PlanarI420 where they can be; an input's feed wants arrays
        self._packets = self._container.demux(*self._wanted_streams())

    def prefer_format(self, picture_format: str) -> None:
        """I420 pictures straight from the decoder (no conversion for a yuv420p file) when the
        frame's size is even, as I420 needs; else BGR."""
        even = self._video_stream.width % 2 == 0 and self._video_stream.height % 2 == 0
        self._decode_format = picture.I420 if picture_format == picture.I420 and even else picture.BGR

    def _sound_of(self, frame: av.AudioFrame) -> list[np.ndarray]:
        """Planar float stereo at the show's rate: a frame already so (an AAC track at 48 kHz) as it is, any
        other through the resampler (whose filter graph costs a frame 5 % of the engine's GIL time)."""
        if (frame.format.name == "fltp" and frame.sample_rate == AUDIO_SAMPLE_RATE and frame.layout.name == "stereo"
                and not self._resampler_used):
            return [frame.to_ndarray()]
        self._resampler_used = True     # once it holds samples, all go through it, in order
        return [resampled.to_ndarray().reshape(AUDIO_CHANNELS, -1) for resampled in self._resampler.resample(frame)]

    def _picture_of(self, frame: av.VideoFrame):
        """A yuv420p frame in an I420 engine: its planes viewed (copied once, into the canvas, by the
        engine); any other frame converted into one array."""
        if self.planar and self._decode_format == picture.I420 and frame.format.name == "yuv420p":
            return picture.PlanarI420.from_frame(frame)
        return frame.to_ndarray(format=self._decode_format)

    @property
    def has_audio(self) -> bool:
        return self._audio_stream is not None

    def _wanted_streams(self):
        return [s for s in (self._video_stream, self._audio_stream) if s is not None]

    def _restart_pass(self) -> None:
        if self._pass_end_s <= self._loop_offset_s:
            raise UserInputError(f"video file {self.path}: contains no decodable frames")
        self._loop_offset_s = self._pass_end_s
        self._container.seek(0)
        self._packets = self._container.demux(*self._wanted_streams())

    def _pump(self) -> bool:
        """Decode one packet; returns False only when the file cannot go on."""
        for attempt in range(MAX_PACKETS_WITHOUT_PROGRESS):
            try:
                packet = next(self._packets)
            except StopIteration:
                self._restart_pass()
                continue
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                continue  # A damaged packet costs one frame, not the show.
            for frame in frames:
                frame_time_s = frame.time      # a float made in C (pts x time base as Fractions cost 3 % of the GIL)
                if frame_time_s is None:
                    continue
                time_s = self._loop_offset_s + frame_time_s
                if packet.stream.type == "video":
                    self._pass_end_s = max(self._pass_end_s, time_s + self._frame_duration_s)
                    self._frames.append((time_s, self._picture_of(frame)))
                else:
                    for chunk in self._sound_of(frame):
                        self._audio_chunks.append(chunk)
                        self._audio_buffered += chunk.shape[1]
            if packet.size:
                return True
        return False

    def frame_at(self, show_time_s: float) -> np.ndarray | None:
        while not self._frames or self._frames[-1][0] <= show_time_s:
            if not self._pump():
                break
            # A late engine asks for a time seconds ahead (it skipped frames): keep only the newest
            # frame already due, not every frame decoded on the way (3-6 MB each at 1080p).
            while len(self._frames) > 1 and self._frames[1][0] <= show_time_s:
                self._frames.popleft()
            if len(self._frames) > 4 and self._frames[-1][0] > show_time_s:
                break
        while self._frames and self._frames[0][0] <= show_time_s:
            self._current = self._frames.popleft()[1]
        if self._current is None and self._frames:
            self._current = self._frames[0][1]
        return self._current

    def read_audio(self, sample_count: int) -> np.ndarray:
        guard = 0
        while self._audio_buffered < sample_count and guard < MAX_PACKETS_WITHOUT_PROGRESS:
            if not self._pump():
                break
            guard += 1
        out = np.zeros((AUDIO_CHANNELS, sample_count), np.float32)
        filled = 0
        while filled < sample_count and self._audio_chunks:
            chunk = self._audio_chunks[0]
            take = min(chunk.shape[1], sample_count - filled)
            out[:, filled:filled + take] = chunk[:, :take]
            filled += take
            if take == chunk.shape[1]:
                self._audio_chunks.popleft()
            else:
                self._audio_chunks[0] = chunk[:, take:]
        self._audio_buffered -= filled
        return out

    def close(self) -> None:
        self._container.close()


class FileAudio(AudioSource):
    """The sound track of a `MediaFileSource`, kept in step with its pictures."""

    def __init__(self, media: MediaFileSource):
        self._media = media
        self.description = f"audio of {media.path}"

    def read(self, sample_count: int) -> np.ndarray:
        return self._media.read_audio(sample_count)
