"""The show state snapshot, as-run markers, frame-paced waits and shutdown (engine thread)."""

from __future__ import annotations

from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.live.handlers.registry import LATER, handles
from studio.core.live.handlers.inputs import inputs_dict
from studio.core.live.snapshot import countdown_dict, product_dict, program_links, segments_list, sources_dict
from studio.wire import commands as c


@handles(c.GetShowState)
def get_show_state(ctx, command):
    if ctx.snapshot is None or ctx.snapshot[0] != ctx.frame:   # built once per frame, however many clients ask
        ctx.snapshot = (ctx.frame, _snapshot(ctx))
    return ctx.snapshot[1]


def _snapshot(ctx) -> dict:
    session, live_show = ctx.session, ctx.session.live_show
    target, player = ctx.target, ctx.player
    return {
        "show": {"name": live_show.show.name, "title": live_show.show.title} if live_show else None,
        "show_time_s": round(ctx.show_time_s, 3), "frame": ctx.frame, **session.on_air_clock.state(ctx.show_time_s),
        "live": session.streaming, "recording": session.recording is not None,
        "recording_path": str(session.recording_path) if session.recording is not None else None,
        "recording_folder": _recording_folder(session),
        "auto_advance": player.auto_advance if player else False,
        "segment_index": ctx.program_index(), "preview_index": ctx.preview_segment(),
        # what Take airs: a product chosen with PreviewProduct, else the segment at preview_index
        "preview_kind": "layout" if session.switcher is not None and session.switcher.preview is not None else
                        "product" if ctx.preview_sku is not None else (
            "segment" if ctx.preview_segment() is not None else None),
        "segments": segments_list(player) if player else [],
        "program": product_dict(target.current if target and target.card_sku else None),
        "program_links": program_links(target.current if target and target.card_sku else None, ctx.utm_campaign),
        "preview": product_dict(ctx.preview_view()),
        "graphics": session.graphics.visible_kinds(),
        "countdown": countdown_dict(target.countdown if target is not None else None, ctx.show_time_s),
        "destinations": _destinations(ctx),
        "sources": sources_dict(session),
        "inputs": inputs_dict(session.switcher, session.mixer) if session.switcher is not None else None,
        "transition": {"name": ctx.transition[0], "duration_ms": ctx.transition[1]},
        "tbar": {"held": session.engine.transition_held, "position": session.engine.tbar_position},
        "frames": ctx.monitors.describe() if ctx.monitors else {},
        "canvases": _canvases(session),
        "stats": ctx.stats_dict(),
    }


def _recording_folder(session) -> str | None:
    """Where this engine's recording is written, or will be when Record starts; None: it records nowhere."""
    path = session.recording_path if session.recording is not None else (
        session.plan.recording or session.plan.vertical_recording)
    return str(path.parent) if path is not None else None


def _destinations(ctx) -> list[dict]:
    session, result = ctx.session, []
    for destination in session.plan.destinations:
        sink = session.destinations.get(destination.label)
        health = sink.health.as_dict() if sink else {"label": destination.label, "state": "off"}
        result.append({**health, "active": sink is not None, "canvas": destination.canvas,
                       "name": destination.stored.name if destination.stored else None, "enabled": True})
    for listed in ctx.disabled_destinations.values():
        result.append({**listed, "state": "disabled", "active": False, "enabled": False})
    return result


def _canvases(session) -> dict:
    canvases = {LANDSCAPE: {"width": session.settings.width, "height": session.settings.height,
                            "fps": session.settings.fps}}
    if session.vertical is not None:
        settings = session.vertical.settings
        canvases[VERTICAL] = {"width": settings.width, "height": settings.height,
                              "crop_offset": session.vertical.crop_offset}
    return canvases


@handles(c.AddMarker)
def add_marker(ctx, command: c.AddMarker):
    # at most MAX_MARKER_CHARS: the registry's bound
    ctx.record("marker", text=command.text, frame=ctx.frame)
    return {"show_time_s": round(ctx.show_time_s, 3)}


@handles(c.WaitFrames)
def wait_frames(ctx, command: c.WaitFrames):
    ctx.sleepers.append((ctx.frame + max(0, command.frames), command))
    return LATER   # LiveControl answers it when that frame comes


@handles(c.Shutdown)
def shutdown(ctx, command):
    if ctx.on_shutdown is not None:
        ctx.on_shutdown()
