"""The program's sound levels for the console's meters, about 20 times a second.

Measured where the sound is: the engine's audio strip (studio/core/audio_strip.py)
keeps each channel's peak and RMS as it processes every block on the engine
thread; this after-frame hook reads that window every METER_INTERVAL_S of show
time (on average: a frame is 33 ms at 30 fps) and puts one small event on the bus: obs-websocket's `InputVolumeMeters`
(high-volume: only clients that ask for INPUT_VOLUME_METERS get it, so a Stream
Deck or the host view never sees them). One entry per input: the program's sound
now, then each channel of the mixer (every input with sound, the microphone) when the show has inputs.

`inputLevelsMul` is OBS's: one `[magnitude (RMS), peak, input peak]` per channel, as
amplitudes (1.0 = 0 dBFS); `clipped` (ours) says a sample clipped since the last event.
"""

from __future__ import annotations

from typing import Callable

from studio.core.audio_strip import AudioStrip
from studio.core.clock import ShowClock
from studio.core.live.events import EventBus
from studio.wire.protocol import Subscription

METER_INTERVAL_S = 0.05
PROGRAM_INPUT = "Program"


class AudioMeters:
    def __init__(self, strip: AudioStrip, clock: ShowClock, bus: EventBus, interval_s: float = METER_INTERVAL_S,
                 channels: Callable[[], dict] = dict):
        """`channels()`: the mixer's channels by name (studio/core/inputs/mixer.py), each metered as an input."""
        self.strip = strip
        self.channels = channels
        self.clock = clock
        self.bus = bus
        self.interval_s = interval_s
        self._due_s = float("-inf")

    def after_frame(self, frame_index: int, _program) -> None:
        """Engine thread, after each frame: an event when the interval has passed."""
        show_time_s = self.clock.frame_time_s(frame_index)
        if show_time_s < self._due_s - 1e-6:
            return
        # due every interval on average (20/s at 30 fps too: frames 0, 2, 3, 5, 6 ...), never a burst after a skip
        self._due_s = max(self._due_s + self.interval_s, show_time_s)
        entries = [_entry(PROGRAM_INPUT, "program", self.strip)]
        entries += [_entry(name, f"input-{name}", channel.strip) for name, channel in list(self.channels().items())]
        self.bus.obs("InputVolumeMeters", {"inputs": entries}, Subscription.INPUT_VOLUME_METERS)


def _entry(name: str, uuid: str, strip: AudioStrip) -> dict:
    levels, clipped = strip.read_levels()
    return {"inputName": name, "inputUuid": uuid,
            "inputLevelsMul": [[round(level.rms, 6), round(level.peak, 6), round(level.peak, 6)] for level in levels],
            "clipped": clipped}
