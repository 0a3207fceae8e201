"""What the engine asks of a picture or sound source.

Sources are pulled by the engine at show-clock times; a source never sets the
output's timing. A video source may return None when it has nothing new (a
stalled camera): the engine then repeats the last frame, then shows a slate.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from studio.core.capture.audio_format import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE  # noqa: F401 - their old home


class VideoSource(ABC):
    description = "video source"

    def start(self) -> None:
        """Begin producing frames (open devices, start threads); a second call does nothing."""

    def prefer_format(self, picture_format: str) -> None:
        """The engine composes in `picture_format` (studio/core/picture.py): a source that can deliver
        it at no cost (a decoder) does; the others keep BGR and the engine converts."""

    def changed_by_commands(self) -> bool:
        """True once after a live command changed what `frame_at` shows (the switcher's take): the engine
        asks again after the frame's commands, so the frame they ran at shows the change."""
        return False

    def picture_for(self, canvas: str, width: int, height: int, source: np.ndarray) -> np.ndarray:
        """The picture another canvas (the vertical one) reframes: `source`, this frame's picture, unless
        the source composes that canvas's own (the switcher's layouts: the guest above the host)."""
        return source

    @abstractmethod
    def frame_at(self, show_time_s: float) -> np.ndarray | None:
        """The frame to show at `show_time_s` (BGR, or I420 after `prefer_format`), or None when the
        source has none."""

    def close(self) -> None:
        """Release devices and threads; safe to call twice."""


class AudioSource(ABC):
    description = "audio source"

    def start(self) -> None:
        """Open the device, if any; a second call does nothing."""

    def health(self) -> dict:
        """Counters for the stats (a device's state, losses, latency); empty for synthetic sound."""
        return {}

    @abstractmethod
    def read(self, sample_count: int) -> np.ndarray:
        """The next `sample_count` samples, float32 planar, shape (2, sample_count)."""

    def close(self) -> None:
        """Release what the source holds; safe to call twice."""
