"""Live commands that do slow I/O, run in the engine process on its command worker, off the frame loop.

SQLite reads and writes, opening a camera or a file, a destination's preflight. Each returns the
answer, after handing any prepared command (a re-read rundown, an opened source, a destination)
to the engine thread through `engine(command)`, so the program still changes only there.
"""

from __future__ import annotations

from typing import Callable

from studio.core.live import catalog_requests as catalog
from studio.core.live import destination_requests as destinations
from studio.core.output import platform_table
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status


class WorkerContext:
    """What a worker command may use: the session, the show's database, the event bus, and the
    engine thread (`engine(command)` waits for the command's answer there)."""

    def __init__(self, session, db, show_name: str | None, bus, engine: Callable[[c.Command], dict]):
        self.session, self.db, self.show_name, self.bus, self.engine = session, db, show_name, bus, engine


def run_worker_command(ctx: WorkerContext, command: c.Command) -> dict:
    if isinstance(command, c.GetCatalog):
        return catalog.get_catalog(ctx.db, command)
    if isinstance(command, c.GetPlatformPresets):
        return {"presets": platform_table.as_data()}
    if isinstance(command, c.PreflightStream):
        return {"reasons": ctx.session.preflight_stream(command.labels or None)}
    if isinstance(command, c.SetPrice):
        answer = catalog.set_price(ctx.db, command)
    elif isinstance(command, c.SetStock):
        answer = catalog.set_stock(ctx.db, command)
    elif isinstance(command, c.MoveSegment):
        ctx.engine(catalog.move_segment_in_db(ctx.db, ctx.show_name, command))
        return {"from_index": command.from_index, "to_index": command.to_index}
    elif isinstance(command, c.AddSegment):
        index, replace = catalog.add_segment_in_db(ctx.db, ctx.show_name, command)
        ctx.engine(replace)
        return {"index": index, "sku": command.sku}
    elif isinstance(command, c.SetTalkingPoints):
        replace = catalog.set_talking_points_in_db(ctx.db, ctx.show_name, command)
        ctx.engine(replace)
        return {"index": command.index, "talking_points": replace.segments[command.index].talking_points}
    elif isinstance(command, (c.AddDestination, c.RemoveDestination, c.SetDestinationEnabled)):
        return _manage_destination(ctx, command)
    elif isinstance(command, c.SetVideoSource):
        return ctx.engine(catalog.open_video_source(command, ctx.session.plan.canvas,
                                                    ctx.session.source_state_callback("camera")))
    elif isinstance(command, c.SetAudioSource):
        return ctx.engine(catalog.open_audio_source(command, ctx.session.engine.video,
                                                    ctx.session.source_state_callback("microphone")))
    else:
        raise CommandError(Status.UNKNOWN_REQUEST_TYPE, f"{type(command).__name__} has no handler")
    ctx.bus.vendor("CatalogChanged", {"sku": answer["sku"]})
    return answer


def _manage_destination(ctx: WorkerContext, command: c.Command) -> dict:
    """Add, remove, enable or disable a stored destination: stored here, applied on the engine
    thread, then announced (DestinationListChanged) so every client re-reads its list."""
    if isinstance(command, c.AddDestination):
        answer, prepared = destinations.add_destination(ctx.session, ctx.db, ctx.show_name, command)
        try:
            applied = ctx.engine(prepared)
        except CommandError:
            destinations.forget_destination(ctx.db, command.name)   # nothing half-added
            raise
        change = "added"
    elif isinstance(command, c.RemoveDestination):
        applied = ctx.engine(destinations.remove_destination(ctx.db, command))
        destinations.forget_destination(ctx.db, command.name)
        answer, change = {"name": command.name}, "removed"
    else:
        applied = ctx.engine(destinations.set_enabled(ctx.session, ctx.db, ctx.show_name, command))
        destinations.write_enabled(ctx.db, command.name, command.enabled)
        answer, change = {"name": command.name, "enabled": command.enabled}, ("enabled" if command.enabled else "disabled")
    answer = {**answer, "label": applied.get("label"), "active": bool(applied.get("active", False))}
    ctx.bus.vendor("DestinationListChanged", {"change": change, **answer})
    return answer
