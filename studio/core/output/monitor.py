"""The producer's headphones: the program's sound, or only the soloed channels while any is soloed.

A monitor output plays to a PulseAudio sink (`--monitor SINK`; the console's setting
`sources.monitor`; `default` is the system's default output). It is off unless asked for: the
default output is often the speakers of the room the host's microphone is in, and the program
played there comes back into the microphone (feedback).

The engine thread hands it each block of the program's sound as it goes to the encoder (after
the master's gain and the limiter: what airs), or the mixer's soloed channels instead (pre-fader:
studio/core/inputs/mixer.py). It never waits: the block goes into a DriftBuffer that the sound
card's own thread pulls at the card's clock, resampled by a fraction of a percent to hold 100 ms,
as the microphone's ring does the other way. Solo never reaches the recording or the stream: it
changes only what this output is given.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from studio.core.capture.drift import DriftBuffer
from studio.errors import StudioError

StateListener = Callable[[str, str], None]     # (state, reason): printed as the engine prints its sources'


class HeadphonesMonitor:
    def __init__(self, sink: str, mixer=None, backend=None, on_state: StateListener | None = None):
        """`mixer`: whose `solo_block` replaces the program's while a channel is soloed (None: program only)."""
        self.sink, self.mixer, self._on_state = sink, mixer, on_state
        self.ring = DriftBuffer()
        self.state = "off"
        self._backend = backend
        self._stream = None

    def start(self) -> None:
        """Open the output; one that cannot open is reported and the show goes on without it."""
        backend = self._backend
        if backend is None:
            from studio.core.capture.audio_backend import SoundDeviceBackend

            backend = SoundDeviceBackend()
        try:
            self._stream = backend.open_output(self.sink, lambda count: self.ring.pull(count).T)
        except (OSError, ImportError, ValueError, StudioError) as error:
            self._report("failed", f"cannot play to {self.sink} ({error}); the show goes on without it")
            return
        self._report("live", f"playing to {self.sink}")

    def _report(self, state: str, reason: str) -> None:
        self.state = state
        if self._on_state is not None:
            self._on_state(state, reason)

    def feed(self, program_block: np.ndarray) -> None:
        """Engine thread: the program's (2, n) block, or the soloed channels' of the same samples."""
        solo = self.mixer.solo_block if self.mixer is not None else None
        self.ring.push((program_block if solo is None else solo).T)

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()
        self.state = "off"


def open_monitor(sink: str | None, engine, mixer, on_state: StateListener | None = None) -> HeadphonesMonitor | None:
    """The monitor `sink` names (None or "": off), fed by the engine's program sound."""
    if not sink:
        return None
    monitor = HeadphonesMonitor(sink, mixer, on_state=on_state)
    monitor.start()
    engine.sound_tap = monitor.feed
    return monitor
