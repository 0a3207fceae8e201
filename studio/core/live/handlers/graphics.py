"""Graphics and the countdown (engine thread); parameters are checked by the graphic-kind registry."""

from __future__ import annotations

from studio.core.graphics.kinds import TextTooLong, graphic_kind, validate_graphic_params
from studio.core.live.handlers.registry import handles
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status


@handles(c.ShowGraphic)
def show_graphic(ctx, command: c.ShowGraphic):
    target = ctx.need_target()
    try:
        params = validate_graphic_params(command.kind, command.params)
    except TextTooLong as error:  # refused before it airs, naming the field and its limit
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, str(error)) from error
    target.show_graphic(command.kind, params)
    ctx.record("graphic_shown", kind=command.kind, params=params, by="control")
    graphics = ctx.session.graphics   # take-to-air: to the frame its layers reach (a long text renders late)
    ctx.take_to_air.airs_when(command, lambda: graphics.shows(command.kind)
                              or command.kind not in graphics.visible_kinds())
    return {"kind": command.kind, "params": params}


@handles(c.HideGraphic)
def hide_graphic(ctx, command: c.HideGraphic):
    graphic_kind(command.kind)
    ctx.need_target().hide_graphic(command.kind)
    if command.kind != "countdown":   # the countdown's owner (the target) logs its end
        ctx.record("graphic_hidden", kind=command.kind, reason="control")
    return {"kind": command.kind}


@handles(c.StartCountdown)
def start_countdown(ctx, command: c.StartCountdown):
    # duration_s is within COUNTDOWN_RANGE_S: the registry's bound, checked before any handler runs
    target = ctx.need_target()
    target.instant = True
    try:
        target.start_countdown(command.duration_s, command.label)
    finally:
        target.instant = False
    ctx.record("countdown_start", duration_s=command.duration_s, label=command.label, frame=ctx.frame)
    return {"ends_at_s": round(ctx.show_time_s + command.duration_s, 3)}


@handles(c.CancelCountdown)
def cancel_countdown(ctx, command: c.CancelCountdown):
    ctx.need_target().cancel_countdown("control")   # logged once, by the countdown's owner
