"""The camera and the sound: opened on the worker thread, swapped in on the engine thread; mute and gain."""

from __future__ import annotations

from studio.core.live import catalog_requests as opener
from studio.core.live.handlers.registry import handles
from studio.wire import commands as c


@handles(c.SetVideoSource)
def set_video_source(ctx, command: c.SetVideoSource):
    session = ctx.session
    return ctx.on_engine(opener.open_video_source(command, session.plan.canvas, session.source_state_callback("camera")))


@handles(c.SetAudioSource)
def set_audio_source(ctx, command: c.SetAudioSource):
    session = ctx.session
    return ctx.on_engine(opener.open_audio_source(command, session.engine.video,
                                                  session.source_state_callback("microphone")))


@handles(c.SwapVideo)
def swap_video(ctx, command: c.SwapVideo):
    ctx.session.replace_video(command.spec, command.source)
    ctx.record("source_changed", video=command.spec)
    return {"spec": command.spec}


@handles(c.SwapAudio)
def swap_audio(ctx, command: c.SwapAudio):
    ctx.session.replace_audio(command.spec, command.source)
    ctx.record("source_changed", audio=command.spec)
    return {"spec": command.spec}


@handles(c.SetMute)
def set_mute(ctx, command: c.SetMute):
    show_time_s = ctx.session.engine.set_muted(command.muted)
    ctx.record("source_changed", muted=command.muted)
    return {"muted": command.muted, "show_time_s": round(show_time_s, 3)}


@handles(c.SetGain)
def set_gain(ctx, command: c.SetGain):
    # gain_db is within MIN_GAIN_DB..MAX_GAIN_DB: the registry's bound, checked before any handler runs
    show_time_s = ctx.session.engine.set_gain_db(command.gain_db)
    ctx.record("source_changed", gain_db=command.gain_db)
    return {"gain_db": command.gain_db, "show_time_s": round(show_time_s, 3)}
