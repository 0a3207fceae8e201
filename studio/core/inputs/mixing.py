"""The mixer of a show with inputs: its channels made from the switcher's inputs and the --audio source."""

from __future__ import annotations

from studio.core.capture.source import AudioSource
from studio.core.inputs.feed import InputFeed
from studio.core.inputs.dynamics import Ducking
from studio.core.inputs.mixer import Mixer, MixerChannel
from studio.core.inputs.music_bed import MUSIC_CHANNEL, MusicBed
from studio.core.inputs.switcher import Switcher


def audio_channel_name(spec: str | None) -> str | None:
    """The --audio source's channel: `Mic` for a microphone, `Tone` for the line-up tone, none for silence."""
    if spec == "silence":
        return None
    return "Mic" if spec and spec.startswith("mic") else "Tone"


def input_channel(feed: InputFeed) -> MixerChannel | None:
    """An input's channel when it has sound (a file with a sound track, a network stream)."""
    sound = getattr(feed, "sound", None)
    return MixerChannel(feed.name, sound.pull) if sound is not None else None


def mixer_for(switcher: Switcher, audio: AudioSource, audio_spec: str | None, music_bed: str | None = None,
              duck_under: str | None = None) -> Mixer:
    """The channels: the --audio source's, each input's with sound, and the music bed ducked under `duck_under`
    (default: the --audio channel). A bed that cannot be read is refused before anything starts."""
    mixer = Mixer(on_program=lambda name: switcher.program is not None and name in switcher.program.inputs)
    mixer.add_source(audio, audio_channel_name(audio_spec))
    if music_bed is not None:
        bed = MusicBed(music_bed)
        mixer.add(MixerChannel(MUSIC_CHANNEL, bed.sound.pull))
        mixer.closers.append(bed.close)
        bed.start()
        key = duck_under or audio_channel_name(audio_spec)
        if key is not None:
            mixer.duckings.append(Ducking(MUSIC_CHANNEL, key))
    for feed in switcher.inputs.values():
        channel = input_channel(feed)
        if channel is not None:
            mixer.add(channel)
    return mixer
