"""The live commands of the switcher's inputs and layouts and of the mixer's channels (studio/core/inputs/).

Part of the one registry: studio/wire/commands.py imports them (`commands.CueInput`), so they are
declared, parsed, routed and documented as every other command; apart only to keep each file small.
"""

from __future__ import annotations

from typing import Annotated, Any

from studio.wire.bounds import Items, Range, Text
from studio.wire.command_spec import Arg, Command, Verb, live_command

__all__ = ["ListInputs", "AddInput", "RemoveInput", "CueInput", "CueLayout", "SetProgramLayout", "SetSyncOffset",
           "SetFollowsVideo", "SetSolo", "SetDucking", "PlugInput", "UnplugInput"]

# -- inputs: the switcher (studio/core/inputs/); a layout's `kind` is full, pip or side --------------------

INPUT_NAME = Annotated[str, Text(40)]
LAYOUT_FIELDS = ("`kind` (`full`, `pip`, `side`), `inputs` (names, in order), and for `pip` `x`, `y` (0..1: "
                 "where the inset sits) and `size` (its width, 0.1..0.6 of the canvas)")

@live_command(vendor=True, answers="`{inputs: [{name, kind, spec, state, reason, width, height, fps, latency_ms, "
              "losses, recoveries, cpu_percent, program, preview}], program, preview, channels: [{name, muted, gain_db, sync_offset_ms, "
              "follows_video}], ducking}`",
              doc="the show's inputs with their state; `program` and `preview` are the layouts shown",
              verb=Verb("inputs", "the inputs with state, size, frame rate and latency"))
class ListInputs(Command): pass

@live_command(vendor=True, runs_on="worker", answers="`{name, spec, stored, reason}`",
              doc="opens an input while live (NAME=SPEC as `--input`), off the frame loop, and stores it with the show "
                  "(`stored`; a URL's key or password goes into the key store; one the key store refuses is not "
                  "stored: `reason`); a spec that cannot open is refused 400 and nothing changes")
class AddInput(Command):
    name: INPUT_NAME
    spec: Annotated[str, Text(2048, doc="as `studio engine --input NAME=SPEC` (docs/sources.md)")]

@live_command(vendor=True, runs_on="worker", answers="`{name}`",
              doc="closes an input (off the frame loop) and the show forgets it; refused while Program shows it")
class RemoveInput(Command):
    name: INPUT_NAME

@live_command(vendor=True, answers="`{layout}`", doc="puts the input full screen in Preview; Take airs it",
              verb=Verb("input", "cue an input full screen in Preview (Take airs it)", (Arg("name"),)))
class CueInput(Command):
    name: INPUT_NAME

@live_command(vendor=True, answers="`{layout}`", doc=f"puts a layout in Preview; Take airs it. Fields: {LAYOUT_FIELDS}",
              verb=Verb("layout", "cue a layout of inputs in Preview (Take airs it)", (
                  Arg("kind"), Arg("--inputs", parse="names", metavar="A,B", help="the inputs, in order"),
                  Arg("--x", default=1.0, help="pip: 0 left .. 1 right"), Arg("--y", default=1.0, help="pip: 0 top .. 1 bottom"),
                  Arg("--size", default=0.3, help="pip: the inset's width, 0.1 .. 0.6"))))
class CueLayout(Command):
    kind: Annotated[str, Text(16)]
    inputs: Annotated[list[str], Items(4, Text(40), "input")]
    x: Annotated[float, Range(0.0, 1.0)] = 1.0
    y: Annotated[float, Range(0.0, 1.0)] = 1.0
    size: Annotated[float, Range(0.1, 0.6)] = 0.3

@live_command(vendor=True, on_air=True, answers="`{layout, frame}`",
              doc=f"puts a layout on Program now, with the current transition (as-run `layout_taken`). {LAYOUT_FIELDS}")
class SetProgramLayout(Command):
    kind: Annotated[str, Text(16)]
    inputs: Annotated[list[str], Items(4, Text(40), "input")]
    x: Annotated[float, Range(0.0, 1.0)] = 1.0
    y: Annotated[float, Range(0.0, 1.0)] = 1.0
    size: Annotated[float, Range(0.1, 0.6)] = 0.3

@live_command(doc="an input opened by AddInput, added to the switcher")
class PlugInput(Command):
    feed: Any

@live_command(doc="an input taken out of the switcher by RemoveInput (the worker closes it)")
class UnplugInput(Command):
    name: str

# -- the mixer's channels (SetMute and SetGain take a channel too: studio/wire/commands.py)

@live_command(vendor=True, answers="`{input, sync_offset_ms}`",
              doc="delays a channel's sound to meet its camera's late pictures; OBS's `InputAudioSyncOffsetChanged`")
class SetSyncOffset(Command):
    input: Annotated[str, Text(40)]
    sync_offset_ms: Annotated[float, Range(0.0, 2000.0, "ms")]

@live_command(vendor=True, answers="`{input, follows_video}`",
              doc="a channel heard only while Program shows its input (5 ms fades as it comes and goes)")
class SetFollowsVideo(Command):
    input: Annotated[str, Text(40)]
    enabled: bool

@live_command(vendor=True, answers="`{input, soloed, soloed_channels}`",
              doc="solo to the headphones monitor (`--monitor`): while any channel is soloed the monitor plays only "
                  "the soloed ones, pre-fader (heard whatever their gain, mute and follows-video); the program, "
                  "the stream and the recording are unchanged",
              verb=Verb("solo", "solo a sound channel to the headphones monitor, or take its solo off", (
                  Arg("input", help="the channel (an input's name, Mic, Tone, Music)"),
                  Arg("soloed", parse="on_off", metavar="on|off"))))
class SetSolo(Command):
    input: Annotated[str, Text(40)]
    soloed: bool

@live_command(vendor=True, answers="`{ducking}`",
              doc="the music bed's ducking under the host's microphone (an engine started with `--music-bed`)")
class SetDucking(Command):
    threshold_dbfs: Annotated[float, Range(-80.0, 0.0, "dBFS")] = -35.0
    depth_db: Annotated[float, Range(0.0, 40.0, "dB")] = 12.0
    attack_ms: Annotated[float, Range(1.0, 2000.0, "ms")] = 50.0
    release_ms: Annotated[float, Range(10.0, 10000.0, "ms")] = 600.0
