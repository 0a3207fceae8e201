"""Going live, recording, one destination's connection, and the vertical canvas's crop (engine thread)."""

from __future__ import annotations

from studio.core.live.handlers.registry import handles
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status, Subscription


@handles(c.SetStreaming)
def set_streaming(ctx, command: c.SetStreaming):
    session = ctx.session
    active = (not session.streaming) if command.active is None else command.active
    if active == session.streaming:
        raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                           "already live" if active else "not live")
    if active:
        session.start_streaming()
        ctx.record("go_live", destinations=[d.label for d in session.plan.destinations])
    else:
        session.stop_streaming()
        ctx.record("stop", reason="StopStream")
    state = "OBS_WEBSOCKET_OUTPUT_STARTED" if active else "OBS_WEBSOCKET_OUTPUT_STOPPED"
    ctx.bus.obs("StreamStateChanged", {"outputActive": active, "outputState": state}, Subscription.OUTPUTS)
    return {"outputActive": active}


@handles(c.PreflightStream)
def preflight_stream(ctx, command: c.PreflightStream):
    """Worker thread: reaching each destination is network I/O."""
    return {"reasons": ctx.session.preflight_stream(command.labels or None)}


@handles(c.SetRecording)
def set_recording(ctx, command: c.SetRecording):
    session = ctx.session
    active = (session.recording is None) if command.active is None else command.active
    if active == (session.recording is not None):
        raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                           "already recording" if active else "not recording")
    path = session.start_recording() if active else session.stop_recording()
    state = "OBS_WEBSOCKET_OUTPUT_STARTED" if active else "OBS_WEBSOCKET_OUTPUT_STOPPED"
    ctx.bus.obs("RecordStateChanged", {"outputActive": active, "outputState": state, "outputPath": str(path)},
                Subscription.OUTPUTS)
    return {"outputActive": active, "outputPath": str(path)}


@handles(c.SetOutput)
def set_output(ctx, command: c.SetOutput):
    session = ctx.session
    if command.label == "recording":
        return set_recording(ctx, c.SetRecording(active=command.active))
    session.destination_plan(command.label)
    running = command.label in session.destinations
    active = (not running) if command.active is None else command.active
    if active == running:
        raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                           f"{command.label} is {'already' if running else 'not'} running")
    (session.start_streaming if active else session.stop_streaming)([command.label])
    return {"outputActive": active}


@handles(c.ReconnectDestination)
def reconnect_destination(ctx, command: c.ReconnectDestination):
    ctx.session.reconnect(command.label)
    return {"label": command.label}


@handles(c.SendDirectly)
def send_directly(ctx, command: c.SendDirectly):
    session = ctx.session
    if session.plan.relay is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, "this engine sends to each destination directly already")
    if session.streaming:
        raise CommandError(Status.OUTPUT_RUNNING, "live through the relay: stop streaming first")
    session.relay.forget()
    return {"destinations": len(session.plan.destinations), "upload_kbps": session.relay.direct_upload_kbps()}


@handles(c.SetVerticalCrop)
def set_vertical_crop(ctx, command: c.SetVerticalCrop):
    # the offset is within -1..1: the registry's bound (a test keeps it equal to CROP_OFFSET_RANGE)
    if ctx.session.vertical is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, "this show has no vertical canvas "
                                                      "(start the engine with --to-vertical or --record-vertical)")
    offset = ctx.session.set_vertical_crop(command.offset)
    # This frame was already reframed (before the commands ran): the new crop starts with the next.
    return {"offset": offset, "frame": ctx.frame + 1}
