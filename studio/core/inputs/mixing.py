"""The mixer of a show with inputs: its channels made from the switcher's inputs and the --audio source."""

from __future__ import annotations

from studio.core.capture.source import AudioSource
from studio.core.inputs.feed import InputFeed
from studio.core.inputs.mixer import Mixer, MixerChannel
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


def mixer_for(switcher: Switcher, audio: AudioSource, audio_spec: str | None) -> Mixer:
    mixer = Mixer(on_program=lambda name: switcher.program is not None and name in switcher.program.inputs)
    mixer.add_source(audio, audio_channel_name(audio_spec))
    for feed in switcher.inputs.values():
        channel = input_channel(feed)
        if channel is not None:
            mixer.add(channel)
    return mixer
