"""The console's Show menu: list, create, duplicate, rename, delete and open shows.

Worker thread (the database), except ReplaceShow and RetitleShow, which the worker hands to the
engine thread once the slow part (reading the rundown, starting the as-run run) is done. Opening
another show is refused while anything is on air: the audience would see the rundown jump.
"""

from __future__ import annotations

from studio.core.live.handlers.registry import handles
from studio.core.live.snapshot import segments_list
from studio.core.show.asrun import AsRunLog
from studio.core.show.rundown import create_show, duplicate_show, get_show, load_segments
from studio.core.show.shows import delete_show, rename_show, show_summaries
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status


def _live_show(ctx):
    live_show = ctx.session.live_show
    if live_show is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    return live_show


def _refuse_on_air(ctx, doing: str) -> None:
    session = ctx.session
    if session.streaming or session.recording is not None:
        what = "live" + (" and recording" if session.recording is not None else "") if session.streaming \
            else "recording"
        raise CommandError(Status.CANNOT_ACT, f"cannot {doing} while the show is {what}: stop it first "
                                              "(Stop Live / Stop Recording)")


@handles(c.ListShows)
def list_shows(ctx, command):
    return {"shows": show_summaries(ctx.db), "current": ctx.show_name}


@handles(c.CreateShow)
def create(ctx, command: c.CreateShow):
    return {"name": create_show(ctx.db, command.name, command.title).name}


@handles(c.DuplicateShow)
def duplicate(ctx, command: c.DuplicateShow):
    return {"name": duplicate_show(ctx.db, command.source, command.name).name}


@handles(c.RenameShow)
def rename(ctx, command: c.RenameShow):
    new_name = rename_show(ctx.db, command.name, command.new_name)
    if command.name == ctx.show_name:
        ctx.show_name = new_name
        ctx.on_engine(c.RetitleShow(show=get_show(ctx.db, new_name)))
    return {"name": new_name}


@handles(c.DeleteShow)
def delete(ctx, command: c.DeleteShow):
    if command.name == ctx.show_name:
        on_air = ctx.session.streaming or ctx.session.recording is not None
        raise CommandError(Status.CANNOT_ACT, f"{command.name!r} is " + (
            "on air: stop the show, open another, then delete this one" if on_air else
            "the show open: open another show first, then delete this one"))
    delete_show(ctx.db, command.name)
    return {"name": command.name}


@handles(c.OpenShow)
def open_show(ctx, command: c.OpenShow):
    live_show = _live_show(ctx)
    _refuse_on_air(ctx, f"open {command.name!r}")
    show = get_show(ctx.db, command.name)
    segments = load_segments(ctx.db, show.id)
    asrun = AsRunLog(ctx.db, show.id, writer=live_show.writer, clock=live_show.on_air_clock)
    ctx.on_engine(c.ReplaceShow(show=show, segments=segments, asrun=asrun))
    ctx.show_name = show.name
    return {"name": show.name, "segments": len(segments)}


@handles(c.ReplaceShow)
def replace_show(ctx, command: c.ReplaceShow):
    _refuse_on_air(ctx, f"open {command.show.name!r}")   # again on the engine thread: Go Live may have won
    live_show = _live_show(ctx)
    # announced before the new show's first as-run entry, which a client's as-run log keeps (it empties on this)
    ctx.bus.vendor("ShowChanged", {"name": command.show.name, "title": command.show.title, "opened": True})
    live_show.open_show(command.show, command.segments, command.asrun)
    ctx.player = live_show.player
    ctx.preview_sku, ctx.preview_index = None, None
    ctx.utm_campaign = live_show.target.utm_campaign
    ctx.bus.vendor("RundownChanged", {"segments": segments_list(ctx.player)})


@handles(c.RetitleShow)
def retitle_show(ctx, command: c.RetitleShow):
    _live_show(ctx).show = command.show
    ctx.bus.vendor("ShowChanged", {"name": command.show.name, "title": command.show.title, "opened": False})
