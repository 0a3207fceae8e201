"""Destinations managed live. The stored side (SQLite, the key store, preflight) runs on the worker
thread (studio/core/live/destination_requests.py); what changes the engine's outputs is applied on
the engine thread (AttachDestination, DetachDestination); every client then hears
DestinationListChanged and re-reads its list. The key is in no answer, event or log line.
"""

from __future__ import annotations

from studio.core.live import destination_requests as stored
from studio.core.live.handlers.registry import handles
from studio.core.output import platform_table
from studio.wire import commands as c
from studio.wire.commands import CommandError


@handles(c.GetPlatformPresets)
def get_platform_presets(ctx, command):
    return {"presets": platform_table.as_data()}


def _announce(ctx, change: str, answer: dict, applied: dict) -> dict:
    answer = {**answer, "label": applied.get("label"), "active": bool(applied.get("active", False))}
    ctx.bus.vendor("DestinationListChanged", {"change": change, **answer})
    return answer


@handles(c.AddDestination)
def add_destination(ctx, command: c.AddDestination):
    answer, prepared = stored.add_destination(ctx.session, ctx.db, ctx.show_name, command)
    try:
        applied = ctx.on_engine(prepared)
    except CommandError:
        stored.forget_destination(ctx.db, command.name)   # nothing half-added
        raise
    return _announce(ctx, "added", answer, applied)


@handles(c.RemoveDestination)
def remove_destination(ctx, command: c.RemoveDestination):
    applied = ctx.on_engine(stored.remove_destination(ctx.db, command))
    stored.forget_destination(ctx.db, command.name)
    return _announce(ctx, "removed", {"name": command.name}, applied)


@handles(c.SetDestinationEnabled)
def set_destination_enabled(ctx, command: c.SetDestinationEnabled):
    applied = ctx.on_engine(stored.set_enabled(ctx.session, ctx.db, ctx.show_name, command))
    stored.write_enabled(ctx.db, command.name, command.enabled)
    change = "enabled" if command.enabled else "disabled"
    return _announce(ctx, change, {"name": command.name, "enabled": command.enabled}, applied)


# -- engine thread -------------------------------------------------------------------------------------

def _stored_plan(ctx, name: str):
    return next((d for d in ctx.session.plan.destinations if d.stored is not None and d.stored.name == name), None)


@handles(c.AttachDestination)
def attach_destination(ctx, command: c.AttachDestination):
    destination = command.destination
    present = _stored_plan(ctx, destination.stored.name) if destination.stored is not None else None
    if present is not None:   # enabling what is already on: nothing to do
        return {"label": present.label, "canvas": present.canvas, "active": present.label in ctx.session.destinations}
    started = ctx.session.attach_destination(destination, command.keystore)
    if destination.stored is not None:
        ctx.disabled_destinations.pop(destination.stored.name, None)
    return {"label": destination.label, "canvas": destination.canvas, "active": started}


@handles(c.DetachDestination)
def detach_destination(ctx, command: c.DetachDestination):
    found = _stored_plan(ctx, command.name)
    if found is None:
        listed = ctx.disabled_destinations.get(command.name) or command.listing
        if command.keep_listed and listed is not None:
            ctx.disabled_destinations[command.name] = listed
        else:
            ctx.disabled_destinations.pop(command.name, None)
        return {"label": listed["label"] if listed else None, "was_active": False}
    was_active = ctx.session.detach_destination(found.label)
    if command.keep_listed:
        ctx.disabled_destinations[command.name] = {"label": found.label, "name": command.name, "canvas": found.canvas}
    return {"label": found.label, "was_active": was_active}
