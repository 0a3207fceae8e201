"""A music bed: a sound file (MP3, AAC, WAV, FLAC, ...) looped under the show, decoded on its own thread.

Decoded a little ahead of real time into a DriftBuffer (studio/core/capture/drift.py) that the mixer
pulls at the show's rate, as an input's sound is: the frame loop never decodes.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import av

from studio.core.capture.drift import DriftBuffer
from studio.core.capture.media_file import check_regular_file
from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.errors import UserInputError

AHEAD_S = 0.15      # under the DriftBuffer's burst limit (its 0.1 s target + 0.2 s): nothing is dropped
MUSIC_CHANNEL = "Music"


class MusicBed:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        check_regular_file(self.path, "music bed")
        try:
            with av.open(str(self.path)) as container:
                if not container.streams.audio:
                    raise UserInputError(f"music bed {self.path}: has no sound")
        except av.error.FFmpegError as error:
            raise UserInputError(f"music bed {self.path}: cannot be read ({error.strerror or error})") from None
        self.sound = DriftBuffer()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="music bed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _read(self) -> None:
        started_s, pushed = time.monotonic(), 0
        while not self._stop.is_set():
            with av.open(str(self.path)) as container:      # one pass; then again from the top
                resampler = av.AudioResampler(format="flt", layout="stereo", rate=AUDIO_SAMPLE_RATE)
                for frame in container.decode(audio=0):
                    for resampled in resampler.resample(frame):
                        samples = resampled.to_ndarray().reshape(-1, 2)
                        self.sound.push(samples)
                        pushed += len(samples)
                    ahead_s = pushed / AUDIO_SAMPLE_RATE - (time.monotonic() - started_s)
                    if ahead_s > AHEAD_S and self._stop.wait(ahead_s - AHEAD_S):
                        return

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)
