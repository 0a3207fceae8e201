"""The camera and the sound: opened on the worker thread, swapped in on the engine thread; mute and gain."""

from __future__ import annotations

from studio.core.live import catalog_requests as opener
from studio.core.live.handlers.registry import handles
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status, Subscription


@handles(c.SetVideoSource)
def set_video_source(ctx, command: c.SetVideoSource):
    session = ctx.session
    if session.switcher is not None:
        raise CommandError(Status.CANNOT_ACT, "this engine switches inputs: add one with AddInput, then cue it "
                                              "(CueInput) and take it")
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


PROGRAM_CHANNEL = "Program"     # the master: the engine's own strip (InputVolumeMeters names it so)


def channel_strip(ctx, name: str):
    """The strip of the channel a command names: the program's master for "" or `Program`."""
    if name in ("", PROGRAM_CHANNEL):
        return None
    mixer = ctx.session.mixer
    if mixer is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no sound channel {name!r}: this engine mixes no inputs "
                                                      "(start it with --input NAME=SPEC); `Program` is its sound")
    return mixer.need(name).strip


def announce_channel(ctx, name: str, strip) -> None:
    """OBS's input events for a channel's mute and volume (Companion's and Stream Deck's buttons follow them)."""
    name = name or PROGRAM_CHANNEL
    muted, gain_db = (strip.muted, strip.gain_db) if strip else (ctx.session.engine.audio_strip.muted,
                                                                 ctx.session.engine.audio_strip.gain_db)
    uuid = f"input-{name}"
    ctx.bus.obs("InputMuteStateChanged", {"inputName": name, "inputUuid": uuid, "inputMuted": muted}, Subscription.INPUTS)
    ctx.bus.obs("InputVolumeChanged", {"inputName": name, "inputUuid": uuid, "inputVolumeDb": gain_db,
                                       "inputVolumeMul": round(10 ** (gain_db / 20), 6)}, Subscription.INPUTS)


@handles(c.SetMute)
def set_mute(ctx, command: c.SetMute):
    strip = channel_strip(ctx, command.input)
    if strip is None:
        show_time_s = ctx.session.engine.set_muted(command.muted)
    else:
        strip.set_muted(command.muted)
        show_time_s = ctx.session.engine.clock.frame_time_s(ctx.frame)
    ctx.record("source_changed", muted=command.muted, **({"input": command.input} if strip else {}))
    announce_channel(ctx, command.input, strip)
    return {"input": command.input or PROGRAM_CHANNEL, "muted": command.muted, "show_time_s": round(show_time_s, 3)}


@handles(c.SetGain)
def set_gain(ctx, command: c.SetGain):
    # gain_db is within MIN_GAIN_DB..MAX_GAIN_DB: the registry's bound, checked before any handler runs
    strip = channel_strip(ctx, command.input)
    if strip is None:
        show_time_s = ctx.session.engine.set_gain_db(command.gain_db)
    else:
        strip.set_gain_db(command.gain_db)
        show_time_s = ctx.session.engine.clock.frame_time_s(ctx.frame)
    ctx.record("source_changed", gain_db=command.gain_db, **({"input": command.input} if strip else {}))
    announce_channel(ctx, command.input, strip)
    return {"input": command.input or PROGRAM_CHANNEL, "gain_db": command.gain_db, "show_time_s": round(show_time_s, 3)}


@handles(c.SetSyncOffset)
def set_sync_offset(ctx, command: c.SetSyncOffset):
    if channel_strip(ctx, command.input) is None:
        raise CommandError(Status.CANNOT_ACT, "the program's master has no sync offset: set it on a channel")
    channel = ctx.session.mixer.need(command.input)
    channel.delay.set_delay_ms(command.sync_offset_ms)
    ctx.bus.obs("InputAudioSyncOffsetChanged", {"inputName": command.input, "inputUuid": f"input-{command.input}",
                                                "inputAudioSyncOffset": int(round(channel.sync_offset_ms))},
                Subscription.INPUTS)
    return {"input": command.input, "sync_offset_ms": round(channel.sync_offset_ms, 1)}


@handles(c.SetFollowsVideo)
def set_follows_video(ctx, command: c.SetFollowsVideo):
    if channel_strip(ctx, command.input) is None:
        raise CommandError(Status.CANNOT_ACT, "the program's master always plays: set follows-video on a channel")
    ctx.session.mixer.need(command.input).follows_video = command.enabled
    return {"input": command.input, "follows_video": command.enabled}


@handles(c.SetSolo)
def set_solo(ctx, command: c.SetSolo):
    """Only what the headphones monitor plays changes (studio/core/output/monitor.py): never the mix."""
    if channel_strip(ctx, command.input) is None:
        raise CommandError(Status.CANNOT_ACT, "the program's master is what the monitor plays: solo a channel")
    ctx.session.mixer.need(command.input).soloed = command.soloed
    soloed = [name for name, channel in ctx.session.mixer.channels.items() if channel.soloed]
    return {"input": command.input, "soloed": command.soloed, "soloed_channels": soloed}


@handles(c.SetDucking)
def set_ducking(ctx, command: c.SetDucking):
    mixer = ctx.session.mixer
    if mixer is None or not mixer.duckings:
        raise CommandError(Status.CANNOT_ACT, "this engine has no music bed (start it with --input ... --music-bed PATH)")
    ducking = mixer.duckings[0]
    ducking.threshold_dbfs, ducking.depth_db = command.threshold_dbfs, command.depth_db
    ducking.attack_ms, ducking.release_ms = command.attack_ms, command.release_ms
    return {"ducking": ducking.as_dict()}
