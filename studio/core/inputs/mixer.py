"""The audio mixer: every input with sound, and the show's microphone, is a channel of the program's sound.

A channel has its gain and mute (an AudioStrip each: 5 ms ramps, a meter per channel for
`InputVolumeMeters`), a sync offset (the sound delayed to meet a camera's late pictures) and
"follows video" (heard only while Program shows its input), and solo: a soloed channel is heard in
the producer's headphones (studio/core/output/monitor.py) pre-fader, whatever its gain, mute and
follows-video, so a guest can be checked before they are opened; solo never changes the mix. Inputs' sound arrives on their own
threads at their sender's clock; each is buffered in a DriftBuffer (studio/core/capture/drift.py)
that the engine thread pulls at exactly the show's rate, resampling by a fraction of a percent to
hold its fill, as the microphone does. The mixer is the engine's audio source: the master
(the `Program` channel's gain, mute and meter) is the engine's own strip after it.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

from studio.core.audio_strip import AudioStrip
from studio.core.capture.source import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE, AudioSource
from studio.core.inputs.dynamics import Ducking, ramp_gain
from studio.errors import UserInputError

MAX_SYNC_OFFSET_MS = 2000.0
FOLLOW_RAMP_SAMPLES = 240        # 5 ms: a channel following video fades in and out, never clicks


class DelayLine:
    """Sound delayed by a set number of samples; changing it inserts silence or skips sound once."""

    def __init__(self) -> None:
        self.delay_samples = 0
        self._pending = np.zeros((AUDIO_CHANNELS, 0), np.float32)

    def set_delay_ms(self, offset_ms: float) -> None:
        if not 0.0 <= offset_ms <= MAX_SYNC_OFFSET_MS:
            raise UserInputError(f"sync offset {offset_ms:g} ms: must be between 0 and {MAX_SYNC_OFFSET_MS:g} ms")
        wanted = int(round(offset_ms * AUDIO_SAMPLE_RATE / 1000))
        change = wanted - self.delay_samples
        if change > 0:
            self._pending = np.concatenate([np.zeros((AUDIO_CHANNELS, change), np.float32), self._pending], axis=1)
        elif change < 0:
            self._pending = self._pending[:, min(-change, self._pending.shape[1]):]
        self.delay_samples = wanted

    def process(self, block: np.ndarray) -> np.ndarray:
        if self.delay_samples == 0 and self._pending.shape[1] == 0:
            return block
        joined = np.concatenate([self._pending, block], axis=1)
        count = block.shape[1]
        out, self._pending = joined[:, :count], joined[:, count:]
        return out


@dataclasses.dataclass
class MixerChannel:
    name: str
    pull: Callable[[int], np.ndarray]          # the next samples at the show's rate, (2, count) float32
    follows_video: bool = False
    soloed: bool = False                       # heard in the headphones monitor, pre-fader; the mix is unchanged
    strip: AudioStrip = dataclasses.field(default_factory=AudioStrip)
    delay: DelayLine = dataclasses.field(default_factory=DelayLine)
    _follow_gain: float = 1.0

    @property
    def sync_offset_ms(self) -> float:
        return self.delay.delay_samples * 1000 / AUDIO_SAMPLE_RATE

    def take_settings(self, settings: dict) -> None:
        """The gain, mute, sync offset and follows-video of `as_dict()` (not solo: a moment's listening, not a setting)."""
        self.strip.set_gain_db(settings["gain_db"])
        self.strip.set_muted(settings["muted"])
        self.delay.set_delay_ms(settings["sync_offset_ms"])
        self.follows_video = settings["follows_video"]

    def as_dict(self) -> dict:
        return {"name": self.name, "muted": self.strip.muted, "gain_db": self.strip.gain_db,
                "sync_offset_ms": round(self.sync_offset_ms, 1), "follows_video": self.follows_video,
                "soloed": self.soloed}


class Mixer(AudioSource):
    description = "mixer"

    def __init__(self, on_program: Callable[[str], bool] = lambda name: True):
        """`on_program(name)`: whether Program shows that input (for channels that follow video)."""
        self.channels: dict[str, MixerChannel] = {}
        self.on_program = on_program
        self.source: AudioSource | None = None
        self.duckings: list[Ducking] = []      # a bed under a key (the music under the host's microphone)
        self.closers: list[Callable[[], None]] = []   # what else closes with the mixer (the music bed's reader)
        self.solo_block: np.ndarray | None = None     # the soloed channels of the last read, pre-fader; None: no solo
        self._removed: dict[str, dict] = {}           # by name: an input added again gets its channel's settings back

    # -- engine thread --------------------------------------------------------------------------

    def add(self, channel: MixerChannel) -> None:
        if channel.name in self.channels:
            raise UserInputError(f"there is a channel {channel.name!r} already")
        removed = self._removed.pop(channel.name, None)
        if removed is not None:
            channel.take_settings(removed)
        self.channels[channel.name] = channel

    def remove(self, name: str) -> None:
        channel = self.channels.pop(name, None)
        if channel is not None:
            self._removed[name] = channel.as_dict()

    def need(self, name: str) -> MixerChannel:
        channel = self.channels.get(name)
        if channel is None:
            raise UserInputError(f"no sound channel {name!r}; channels: {', '.join(self.channels) or 'none'}")
        return channel

    def read(self, sample_count: int) -> np.ndarray:
        blocks: dict[str, np.ndarray] = {}
        solo = None
        for channel in list(self.channels.values()):
            block = channel.delay.process(channel.pull(sample_count))
            if channel.soloed:
                solo = block.copy() if solo is None else solo + block
            if not block.flags.writeable:
                block = block.copy()
            block = channel.strip.process(block)
            target = 1.0 if not channel.follows_video or self.on_program(channel.name) else 0.0
            if target != channel._follow_gain or target == 0.0:
                ramp = np.full(sample_count, target, np.float32)
                steps = min(sample_count, FOLLOW_RAMP_SAMPLES)
                ramp[:steps] = np.linspace(channel._follow_gain, target, steps, dtype=np.float32)
                block = block * ramp
                channel._follow_gain = target
            blocks[channel.name] = block
        for ducking in self.duckings:
            bed, key = blocks.get(ducking.bed), blocks.get(ducking.key)
            if bed is not None:
                before_db = ducking.gain_db
                after_db = ducking.next_gain_db(key if key is not None else bed[:, :0])
                blocks[ducking.bed] = ramp_gain(bed, before_db, after_db)
        mix = np.zeros((AUDIO_CHANNELS, sample_count), np.float32)
        for block in blocks.values():
            mix += block
        self.solo_block = solo
        return mix

    def add_source(self, source: AudioSource, name: str | None) -> None:
        """The show's own sound (--audio): a channel (unless `name` is None), closed with the mixer; its
        health (a microphone's state, losses, latency) is the mixer's, as the engine reports it."""
        self.source = source
        if name is not None:
            self.add(MixerChannel(name, source.read))

    def replace_source(self, source: AudioSource, name: str | None) -> AudioSource | None:
        """Engine thread: another --audio source (SetAudioSource); a channel of the same name keeps its gain,
        mute, offset and follows-video. Returns the old source for the caller to close off the frame loop."""
        old, self.source = self.source, source
        previous = next((ch for ch in self.channels.values() if old is not None and ch.pull == old.read), None)
        if previous is not None:
            del self.channels[previous.name]
        if name is not None:
            if previous is not None and previous.name == name:
                previous.pull = source.read
                self.channels[name] = previous
            else:
                self.add(MixerChannel(name, source.read))
        return old

    def health(self) -> dict:
        return self.source.health() if self.source is not None else {}

    @property
    def state(self) -> str:
        return getattr(self.source, "state", "live")

    def start(self) -> None:
        if self.source is not None:
            self.source.start()

    def close(self) -> None:
        if self.source is not None:
            self.source.close()
        for closer in self.closers:
            closer()
