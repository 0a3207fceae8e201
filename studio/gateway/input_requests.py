"""OBS's requests for inputs, so Companion, Stream Deck and Touch Portal mute and fader buttons work unchanged.

An OBS input here is the program's master (`Program`), each input of the switcher (its picture),
and each sound channel of the mixer (an input with sound, the microphone `Mic`, the tone `Tone`);
an input with both a picture and sound is one name. Mute and volume become the registry's
SetMute / SetGain on that channel; the sync offset SetSyncOffset. OBS's volume range is wider than
ours: a fader below -60 dB (down to 0.0 as a multiplier) sets -60 dB, the quietest gain.
"""

from __future__ import annotations

import math

from studio.gateway.requests import _field, request
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status

PROGRAM = "Program"
# Our kinds under OBS's names, for clients that show an icon per kind.
OBS_KINDS = {"test": "color_source_v3", "file": "ffmpeg_source", "image": "image_source", "camera": "v4l2_input",
             "network": "ffmpeg_source", "Mic": "pulse_input_capture", "Tone": "sine_source", PROGRAM: "program"}


async def _listing(api) -> tuple[list[dict], list[dict], dict]:
    """(the switcher's inputs, the mixer's channels, the program's sound) from the engine."""
    state = await api.engine(c.GetShowState())
    inputs = state.get("inputs") or {"inputs": [], "channels": []}
    return inputs["inputs"], inputs["channels"], state["sources"]


async def _channel(api, data: dict, request_type: str) -> dict:
    """{name, muted, gain_db, sync_offset_ms} of the input a request names (404 when there is none)."""
    name = _field(data, "inputName", str, request_type)
    _, channels, sources = await _listing(api)
    if name == PROGRAM:
        return {"name": PROGRAM, "muted": sources["muted"], "gain_db": sources["gain_db"], "sync_offset_ms": 0.0}
    for channel in channels:
        if channel["name"] == name:
            return channel
    raise CommandError(Status.RESOURCE_NOT_FOUND, f"{request_type}: no input with sound named {name!r}; inputs with "
                                                  f"sound: {', '.join([PROGRAM] + [ch['name'] for ch in channels])}")


def _uuid(name: str) -> str:
    return "program" if name == PROGRAM else f"input-{name}"


@request("GetInputList")
async def get_input_list(api, data):
    inputs, channels, _ = await _listing(api)
    kinds = {PROGRAM: OBS_KINDS[PROGRAM]}
    kinds.update({item["name"]: OBS_KINDS.get(item["kind"], item["kind"]) for item in inputs})
    for channel in channels:
        kinds.setdefault(channel["name"], OBS_KINDS.get(channel["name"], "audio_channel"))
    wanted = data.get("inputKind") if isinstance(data, dict) else None
    return {"inputs": [{"inputName": name, "inputKind": kind, "unversionedInputKind": kind, "inputUuid": _uuid(name)}
                       for name, kind in kinds.items() if not wanted or kind == wanted]}


@request("GetInputMute")
async def get_input_mute(api, data):
    return {"inputMuted": (await _channel(api, data, "GetInputMute"))["muted"]}


@request("SetInputMute")
async def set_input_mute(api, data):
    name = (await _channel(api, data, "SetInputMute"))["name"]
    await api.engine(c.SetMute(muted=_field(data, "inputMuted", bool, "SetInputMute"), input=name))
    return {}


@request("ToggleInputMute")
async def toggle_input_mute(api, data):
    channel = await _channel(api, data, "ToggleInputMute")
    await api.engine(c.SetMute(muted=not channel["muted"], input=channel["name"]))
    return {"inputMuted": not channel["muted"]}


@request("GetInputVolume")
async def get_input_volume(api, data):
    gain_db = (await _channel(api, data, "GetInputVolume"))["gain_db"]
    return {"inputVolumeMul": round(10 ** (gain_db / 20), 6), "inputVolumeDb": gain_db}


@request("SetInputVolume")
async def set_input_volume(api, data):
    channel = await _channel(api, data, "SetInputVolume")
    if "inputVolumeDb" in data:
        gain_db = _number(data, "inputVolumeDb", -100.0, 26.0)
    elif "inputVolumeMul" in data:
        mul = _number(data, "inputVolumeMul", 0.0, 20.0)
        gain_db = 20 * math.log10(mul) if mul > 0 else -math.inf
    else:
        raise CommandError(Status.MISSING_REQUEST_FIELD, "SetInputVolume: give inputVolumeMul or inputVolumeDb")
    gain_db = min(c.MAX_GAIN_DB, max(c.MIN_GAIN_DB, gain_db))
    await api.engine(c.SetGain(gain_db=round(gain_db, 3), input=channel["name"]))
    return {}


@request("GetInputAudioSyncOffset")
async def get_input_sync_offset(api, data):
    return {"inputAudioSyncOffset": int(round((await _channel(api, data, "GetInputAudioSyncOffset"))["sync_offset_ms"]))}


@request("SetInputAudioSyncOffset")
async def set_input_sync_offset(api, data):
    channel = await _channel(api, data, "SetInputAudioSyncOffset")
    offset = _field(data, "inputAudioSyncOffset", int, "SetInputAudioSyncOffset")
    await api.engine(c.SetSyncOffset(input=channel["name"], sync_offset_ms=float(offset)))
    return {}


def _number(data: dict, name: str, low: float, high: float) -> float:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"SetInputVolume: field {name!r} must be a number")
    if not low <= value <= high:
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"SetInputVolume: {name} must be {low:g}..{high:g}")
    return float(value)
