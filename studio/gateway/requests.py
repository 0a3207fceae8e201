"""Every request the control API answers, declared once: OBS's names, then the vendor requests.

Each handler is `async (api, data) -> responseData`; it raises CommandError to
fail. They run in the gateway process; anything about the show is a typed command sent to the
engine with `api.engine(command)` (applied on its engine thread at the next frame boundary, or
on its command worker for slow I/O: the command's declaration decides).
"""

from __future__ import annotations

import asyncio
import os
import platform
from typing import Awaitable, Callable

from studio import __version__
from studio.disk_space import free_bytes
from studio.wire import commands as c
from studio.wire.commands import CommandError, parse_command
from studio.wire.protocol import OBS_WEBSOCKET_VERSION, RPC_VERSION, VENDOR_NAME, Status, Subscription

# Reaching every destination before going live can take a few seconds per unreachable one.
PREFLIGHT_TIMEOUT_S = 60.0

Handler = Callable[["object", dict], Awaitable[dict]]
REQUESTS: dict[str, Handler] = {}


def request(name: str):
    def register(handler: Handler) -> Handler:
        REQUESTS[name] = handler
        return handler
    return register


def _field(data: dict, name: str, kind: type, request_type: str):
    if name not in data:
        raise CommandError(Status.MISSING_REQUEST_FIELD, f"{request_type}: missing field {name!r}")
    value = data[name]
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request_type}: field {name!r} must be {kind.__name__}")
    return value


async def _state(api) -> dict:
    return await api.engine(c.GetShowState())


async def _segment_index(api, data: dict, request_type: str) -> int:
    name = _field(data, "sceneName", str, request_type)
    scenes = (await api.engine(c.GetSceneList()))["scenes"]
    for position, scene in enumerate(scenes):
        if scene["sceneName"] == name:
            return position
    raise CommandError(Status.RESOURCE_NOT_FOUND, f"{request_type}: no scene (segment) named {name!r}")


# -- general -------------------------------------------------------------------------------------------

@request("GetVersion")
async def get_version(api, data):
    return {"obsVersion": f"live-shopping-studio {__version__}", "obsWebSocketVersion": OBS_WEBSOCKET_VERSION,
            "rpcVersion": RPC_VERSION, "availableRequests": sorted(REQUESTS), "supportedImageFormats": [],
            "platform": platform.system().lower(), "platformDescription": platform.platform()}


@request("GetStats")
async def get_stats(api, data):
    state = await _state(api)
    stats = state["stats"]
    # statvfs off the event loop: a hung network disk must not hold up every other client
    free_mib = await asyncio.to_thread(_free_mib, state.get("recording_folder") or os.getcwd())
    return {"cpuUsage": stats.get("cpu_percent", 0.0), "memoryUsage": stats.get("memory_mb", 0.0),
            "availableDiskSpace": free_mib, "activeFps": stats["fps"],
            "averageFrameRenderTime": stats.get("frame_render_ms", 0.0),
            "renderSkippedFrames": stats["frames_skipped"], "renderTotalFrames": stats["frames_encoded"],
            "outputSkippedFrames": sum(o["dropped_frames"] for o in stats["outputs"]),
            "outputTotalFrames": stats["frames_encoded"],
            "webSocketSessionIncomingMessages": api.incoming, "webSocketSessionOutgoingMessages": api.outgoing}


def _free_mib(folder: str) -> float:
    """Free space in MiB, as OBS reports it; 0 when the disk cannot be read."""
    free = free_bytes(folder)
    return round(free / 2**20, 1) if free is not None else 0.0


@request("GetVideoSettings")
async def get_video_settings(api, data):
    """The program canvas: OBS's base (canvas) and output (scaled) sizes are the same here, nothing is rescaled."""
    canvas = (await _state(api))["canvases"]["landscape"]
    return {"fpsNumerator": canvas["fps"], "fpsDenominator": 1, "baseWidth": canvas["width"],
            "baseHeight": canvas["height"], "outputWidth": canvas["width"], "outputHeight": canvas["height"]}


@request("BroadcastCustomEvent")
async def broadcast_custom_event(api, data):
    """obs-websocket's client-to-client message: the console's teleprompter keys reach every host view."""
    event = _field(data, "eventData", dict, "BroadcastCustomEvent")
    api.broadcast("CustomEvent", event, Subscription.GENERAL)
    return {}


@request("Sleep")
async def sleep(api, data):
    return await api.sleep(data)


# -- studio mode: the show's segments are the scenes ------------------------------------------------------

@request("GetStudioModeEnabled")
async def get_studio_mode(api, data):
    return {"studioModeEnabled": True}


@request("SetStudioModeEnabled")
async def set_studio_mode(api, data):
    if not _field(data, "studioModeEnabled", bool, "SetStudioModeEnabled"):
        raise CommandError(Status.CANNOT_ACT, "studio mode is always on here: preview is the next segment")
    return {}


@request("GetSceneList")
async def get_scene_list(api, data):
    return await api.engine(c.GetSceneList())


@request("GetCurrentProgramScene")
async def get_program_scene(api, data):
    name = (await api.engine(c.GetSceneList()))["currentProgramSceneName"]
    return {"sceneName": name, "currentProgramSceneName": name}


@request("GetCurrentPreviewScene")
async def get_preview_scene(api, data):
    name = (await api.engine(c.GetSceneList()))["currentPreviewSceneName"]
    return {"sceneName": name, "currentPreviewSceneName": name}


@request("SetCurrentProgramScene")
async def set_program_scene(api, data):
    await api.engine(c.JumpToSegment(index=await _segment_index(api, data, "SetCurrentProgramScene")))
    return {}


@request("SetCurrentPreviewScene")
async def set_preview_scene(api, data):
    await api.engine(c.SetPreviewSegment(index=await _segment_index(api, data, "SetCurrentPreviewScene")))
    return {}


@request("TriggerStudioModeTransition")
async def trigger_transition(api, data):
    await api.engine(c.Take(transition=""))
    return {}


@request("SetTBarPosition")
async def set_tbar_position(api, data):
    await api.engine(parse_command(c.SetTBarPosition, data, "SetTBarPosition"))  # position bounded: 402
    return {}


@request("GetTransitionKindList")
async def get_transition_kinds(api, data):
    return {"transitionKinds": ["cut_transition", "fade_transition"]}


@request("GetSceneTransitionList")
async def get_transitions(api, data):
    state = await _state(api)
    return {"currentSceneTransitionName": state["transition"]["name"], "currentSceneTransitionKind": None,
            "transitions": [{"transitionName": name, "transitionKind": f"{name.lower()}_transition",
                             "transitionFixed": name == "Cut", "transitionConfigurable": False}
                            for name in ("Cut", "Fade")]}


@request("GetCurrentSceneTransition")
async def get_transition(api, data):
    transition = (await _state(api))["transition"]
    return {"transitionName": transition["name"], "transitionKind": f"{transition['name'].lower()}_transition",
            "transitionDuration": transition["duration_ms"], "transitionFixed": transition["name"] == "Cut",
            "transitionConfigurable": False, "transitionSettings": {}}


@request("SetCurrentSceneTransition")
async def set_transition(api, data):
    await api.engine(c.SetTransition(name=_field(data, "transitionName", str, "SetCurrentSceneTransition")))
    return {}


@request("SetCurrentSceneTransitionDuration")
async def set_transition_duration(api, data):
    await api.engine(c.SetTransition(duration_ms=_field(data, "transitionDuration", int, "SetCurrentSceneTransitionDuration")))
    return {}


# -- outputs: streaming (every destination), recording, one destination --------------------------------------

def _stream_status(state: dict) -> dict:
    return _outputs_status(state, [d for d in state["destinations"] if d["active"]])


def _outputs_status(state: dict, running: list[dict]) -> dict:
    """OBS's output status over the outputs running (their health dicts): one destination, all of them, the recording."""
    return {"outputActive": bool(running), "outputReconnecting": any(d["state"] == "reconnecting" for d in running),
            **_output_time(state),
            "outputCongestion": 1.0 if any(d["state"] == "congested" for d in running) else 0.0,
            "outputBytes": sum(d.get("bytes_written", 0) for d in running),
            "outputSkippedFrames": sum(d.get("dropped_frames", 0) for d in running),
            "outputTotalFrames": state["stats"]["frames_encoded"]}


def _output_time(state: dict) -> dict:
    """How long the show has been on air (0 before Go Live or the recording's start), not engine time."""
    seconds = state.get("air_time_s") or 0.0
    return {"outputTimecode": _timecode(seconds), "outputDuration": int(seconds * 1000)}


def _timecode(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{int(seconds * 1000) % 1000:03d}"


@request("GetStreamStatus")
async def get_stream_status(api, data):
    return _stream_status(await _state(api))


async def _go_live(api, labels=None) -> dict:
    reasons = (await api.engine(c.PreflightStream(labels=labels or []), PREFLIGHT_TIMEOUT_S))["reasons"]
    if reasons:
        raise CommandError(Status.RESOURCE_CREATION_FAILED, "go live refused: " + "; ".join(reasons))
    return await api.engine(c.SetStreaming(active=True) if labels is None else c.SetOutput(label=labels[0], active=True))


@request("StartStream")
async def start_stream(api, data):
    await _go_live(api)
    return {}


@request("StopStream")
async def stop_stream(api, data):
    await api.engine(c.SetStreaming(active=False))
    return {}


@request("ToggleStream")
async def toggle_stream(api, data):
    if (await _state(api))["live"]:
        await api.engine(c.SetStreaming(active=False))
        return {"outputActive": False}
    await _go_live(api)
    return {"outputActive": True}


@request("GetRecordStatus")
async def get_record_status(api, data):
    state = await _state(api)
    recording = next((o for o in state["stats"]["outputs"] if o["kind"] == "recording"), None)
    return {"outputActive": state["recording"], "outputPaused": False,
            **_output_time(state),
            "outputBytes": recording["bytes_written"] if recording else 0}


@request("GetRecordDirectory")
async def get_record_directory(api, data):
    folder = (await _state(api)).get("recording_folder")
    if folder is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, "GetRecordDirectory: this engine records nowhere "
                                                      "(start it with --record PATH)")
    return {"recordDirectory": folder}


@request("StartRecord")
async def start_record(api, data):
    await api.engine(c.SetRecording(active=True))
    return {}


@request("StopRecord")
async def stop_record(api, data):
    return {"outputPath": (await api.engine(c.SetRecording(active=False)))["outputPath"]}


@request("ToggleRecord")
async def toggle_record(api, data):
    return {"outputActive": (await api.engine(c.SetRecording(active=None)))["outputActive"]}


@request("GetOutputList")
async def get_output_list(api, data):
    state = await _state(api)
    outputs = [{"outputName": d["label"], "outputKind": "rtmp_output", "outputActive": d["active"],
                **_output_size(api, state, d.get("canvas")), "outputFlags": {}} for d in state["destinations"]]
    outputs.append({"outputName": "recording", "outputKind": "ffmpeg_muxer", "outputActive": state["recording"],
                    **_output_size(api, state, "landscape"), "outputFlags": {}})
    return {"outputs": outputs}


def _output_size(api, state: dict, canvas: str | None) -> dict:
    """The size of the canvas an output carries (a vertical destination's is the vertical canvas's)."""
    size = state.get("canvases", {}).get(canvas or "landscape")
    width, height = (size["width"], size["height"]) if size else api.output_size
    return {"outputWidth": width, "outputHeight": height}


@request("GetOutputStatus")
async def get_output_status(api, data):
    name = _field(data, "outputName", str, "GetOutputStatus")
    state = await _state(api)
    if name == "recording":
        recording = [o for o in state["stats"]["outputs"] if o["kind"] == "recording"] if state["recording"] else []
        return {**_outputs_status(state, recording), "outputActive": state["recording"]}
    for destination in state["destinations"]:
        if destination["label"] == name:
            return _outputs_status(state, [destination] if destination["active"] else [])
    raise CommandError(Status.RESOURCE_NOT_FOUND, f"GetOutputStatus: no output {name!r}")


@request("StartOutput")
async def start_output(api, data):
    name = _field(data, "outputName", str, "StartOutput")
    if name == "recording":
        return await start_record(api, {})
    await _go_live(api, [name])
    return {}


@request("StopOutput")
async def stop_output(api, data):
    await api.engine(c.SetOutput(label=_field(data, "outputName", str, "StopOutput"), active=False))
    return {}


@request("ToggleOutput")
async def toggle_output(api, data):
    name = _field(data, "outputName", str, "ToggleOutput")
    status = await get_output_status(api, {"outputName": name})
    if status["outputActive"]:
        await api.engine(c.SetOutput(label=name, active=False))
    else:
        await start_output(api, {"outputName": name})
    return {"outputActive": not status["outputActive"]}


# -- live shopping: CallVendorRequest -------------------------------------------------------------------

@request("CallVendorRequest")
async def call_vendor_request(api, data):
    vendor = _field(data, "vendorName", str, "CallVendorRequest")
    name = _field(data, "requestType", str, "CallVendorRequest")
    if vendor != VENDOR_NAME:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no vendor {vendor!r} here; this engine has {VENDOR_NAME!r}")
    cls = c.VENDOR_COMMANDS.get(name)
    if cls is None:
        raise CommandError(Status.UNKNOWN_REQUEST_TYPE,
                           f"unknown vendor request {name!r}; requests: {', '.join(sorted(c.VENDOR_COMMANDS))}")
    command = parse_command(cls, data.get("requestData"), name)
    if cls.declaration.runs_on == "gateway":   # the comment bus answers it here (it may ask the engine in turn)
        from studio.gateway.comments.requests import GATEWAY_HANDLERS
        answer = await GATEWAY_HANDLERS[cls](api, command)
    else:  # applied on the engine thread, or (slow I/O) on the engine's command worker: the engine decides
        answer = await api.engine(command)
    return {"vendorName": VENDOR_NAME, "requestType": name, "responseData": answer}
