"""Inputs on this machine: a video file (looped or played once), a still image, the test card, a camera.

A file is decoded on its own thread at the file's own pace (a picture is handed over when its
time comes), so a slow decode delays that input's next picture, never the program. The test card
is drawn at the program's rate on its own thread too; a still image is one picture; a camera
already captures on a thread of its own (studio/core/capture/camera.py) and its feed takes each
new picture from it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from studio.core import picture
from studio.core.capture.camera import CameraSource
from studio.core.capture.drift import DriftBuffer
from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.core.capture.media_file import MediaFileSource, check_regular_file
from studio.core.image_files import decode_image
from studio.core.inputs.feed import InputFeed, InputStateListener, ThreadedFeed
from studio.errors import UserInputError


# A file's sound is handed over this far ahead of its pictures: the DriftBuffer the mixer reads holds
# this much (its target latency), so each sound leaves the ring as its picture airs.
SOUND_AHEAD_S = DriftBuffer().target_latency_s


class FileFeed(ThreadedFeed):
    kind = "file"

    def __init__(self, name: str, spec: str, path: str, loop: bool, on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self.media = MediaFileSource(path)    # opened now: a file that cannot be read is refused at once
        self.media.planar = False             # the switcher's layouts take one array a picture
        # Decoded on this input's thread alone (no FFmpeg frame threads beside it), so the CPU ListInputs
        # reports for the input is all its decode costs, and several inputs never oversubscribe the cores.
        self.media._video_stream.thread_type = "SLICE"
        self.media._video_stream.codec_context.thread_count = 1
        self.loop = loop
        self.duration_s = float(self.media._container.duration or 0) / 1e6
        # its sound, decoded on this input's thread as its pictures are, on the show clock (the mixer pulls it)
        self.sound = DriftBuffer() if self.media.has_audio else None
        self._sound_pushed = 0

    def prefer_format(self, picture_format: str) -> None:
        super().prefer_format(picture_format)
        self.media.prefer_format(picture_format)

    def read(self, stop: threading.Event) -> None:
        rate = float(self.media._video_stream.average_rate or 30)
        started_s = time.monotonic()
        shown = None
        while not stop.is_set():
            elapsed_s = time.monotonic() - started_s
            if not self.loop and self.duration_s and elapsed_s >= self.duration_s:
                self.set_state("ended", "played once to its end (its last picture stays)")
                return
            read_at_s = time.monotonic()
            frame = self.media.frame_at(elapsed_s)
            if frame is not None and frame is not shown:
                shown = frame
                self.publish(frame, read_at_s)
            self._push_sound_until(elapsed_s + SOUND_AHEAD_S)
            stop.wait(max(0.0, 1.0 / rate - (time.monotonic() - read_at_s)))

    def _push_sound_until(self, file_time_s: float) -> None:
        if self.sound is None:
            return
        wanted = int(file_time_s * AUDIO_SAMPLE_RATE) - self._sound_pushed
        if wanted > 0:
            self.sound.push(self.media.read_audio(wanted).T)
            self._sound_pushed += wanted

    def close(self) -> None:
        super().close()
        self.media.close()


class ImageFeed(InputFeed):
    kind = "image"

    def __init__(self, name: str, spec: str, path: str, on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        check_regular_file(Path(path), "image")
        image = decode_image(path)
        if image is None:
            raise UserInputError(f"image {path}: not a picture FFmpeg can read (PNG, JPEG, WebP, ...)")
        if image.shape[0] % 2 or image.shape[1] % 2:     # I420 needs an even size: drop a last row/column
            image = np.ascontiguousarray(image[:image.shape[0] // 2 * 2, :image.shape[1] // 2 * 2])
        self._image = image

    def start(self) -> None:
        self.publish(picture.as_format(self._image, self.picture_format))
        self.set_state("live", "a still picture")

    def newest(self, show_time_s: float):
        latest, _ = super().newest(show_time_s)
        return latest, False      # the same picture for ever: never "new", never lost


class TestCardFeed(ThreadedFeed):
    kind = "test"
    __test__ = False

    def __init__(self, name: str, spec: str, width: int, height: int, fps: int,
                 on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self.fps = fps
        from studio.core.capture.test_card import TestCardSource   # its clock drawn with Qt: loaded only for it

        self._cards = [TestCardSource(width, height, fps) for _ in range(2)]   # one drawn while one is shown

    def read(self, stop: threading.Event) -> None:
        started_s = time.monotonic()
        index = 0
        while not stop.is_set():
            card = self._cards[index % 2]
            index += 1
            self.publish(picture.as_format(card.frame_at(time.monotonic() - started_s), self.picture_format))
            stop.wait(max(0.0, started_s + index / self.fps - time.monotonic()))


class CameraFeed(ThreadedFeed):
    """A camera's newest picture, taken from its capture thread as it arrives."""

    kind = "camera"

    def __init__(self, name: str, spec: str, camera: CameraSource, on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self.camera = camera

    def read(self, stop: threading.Event) -> None:
        try:
            self.camera.start()
        except UserInputError as error:
            self.set_state("lost", str(error))
            return
        while not stop.wait(0.005):
            frame = self.camera.frame_at(0.0)
            if frame is not None:
                self.publish(frame)
            elif self.state == "live" and self.camera.frame_age_s > 1.0:
                self.set_state("lost", "the camera stopped delivering pictures")

    def close(self) -> None:
        super().close()
        self.camera.close()
