"""The rundown in studio mode (segments are scenes): take, preview, transitions, and edits that persist.

Engine thread, except MoveSegment, AddSegment and SetTalkingPoints: they write the database on
the worker thread and hand the re-read rundown to the engine thread (ReplaceSegments).
"""

from __future__ import annotations

from studio.core.live import catalog_requests as store
from studio.core.live.handlers.inputs import take_cued_layout
from studio.core.live.handlers.products import take_product
from studio.core.live.handlers.registry import handles
from studio.core.show.player import rundown_range_error
from studio.core.live.snapshot import scene_name, segments_list
from studio.core.transition import drive_tbar, start_take_transition
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status, Subscription

TRANSITIONS = ("Cut", "Fade")
FADE_RANGE_MS = (50, 5000)


def jump(ctx, index: int) -> dict:
    player = ctx.need_player()
    if not 0 <= index < len(player.segments):
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, rundown_range_error(index, len(player.segments)))
    target = ctx.need_target()
    # A Fade dissolves the whole picture: graphics cut in under it, the segment's cues for "now"
    # included (they fire at the player's one tick of this frame, which then clears `instant`).
    target.instant = True
    start_take_transition(ctx.session.engine, ctx.transition)
    player.jump_to_segment(index)
    ctx.preview_index = None
    return {"index": index}


def neighbour(ctx, step: int) -> int:
    """The segment `step` (+1 next, -1 previous) from the one on air: what cue and take next/previous name.
    Before the first there is only the first; after the last there is nothing (703)."""
    player = ctx.need_player()
    if not player.segments:
        raise CommandError(Status.CANNOT_ACT, rundown_range_error(0, 0))
    index = max(0, player.index + step)
    if index >= len(player.segments):
        raise CommandError(Status.CANNOT_ACT, f"segment {player.index + 1} on air is the last: there is no next one")
    return index


def cue(ctx, index: int) -> dict:
    """Preview only (studio mode): Take airs it; the program, its graphics and the as-run log stay as they are."""
    ctx.preview_index = index
    ctx.preview_sku = None
    return {"index": index}


@handles(c.CueNextSegment)
def cue_next_segment(ctx, command):
    return cue(ctx, neighbour(ctx, +1))


@handles(c.CuePreviousSegment)
def cue_previous_segment(ctx, command):
    return cue(ctx, neighbour(ctx, -1))


@handles(c.TakeNextSegment)
def take_next_segment(ctx, command):
    return jump(ctx, neighbour(ctx, +1))


@handles(c.TakePreviousSegment)
def take_previous_segment(ctx, command):
    return jump(ctx, neighbour(ctx, -1))


@handles(c.NextSegment)          # the name from before cue and take: TakeNextSegment
def next_segment(ctx, command):
    return take_next_segment(ctx, command)


@handles(c.PreviousSegment)      # likewise: TakePreviousSegment
def previous_segment(ctx, command):
    return take_previous_segment(ctx, command)


@handles(c.JumpToSegment)
def jump_to_segment(ctx, command: c.JumpToSegment):
    return jump(ctx, command.index)


@handles(c.SetPreviewSegment)
def set_preview_segment(ctx, command: c.SetPreviewSegment):
    player = ctx.need_player()
    if not 0 <= command.index < len(player.segments):
        raise CommandError(Status.RESOURCE_NOT_FOUND, rundown_range_error(command.index, len(player.segments)))
    return cue(ctx, command.index)


@handles(c.Take)
def take(ctx, command: c.Take):
    """Airs Preview: a cued input or layout, else the previewed product, else the preview segment."""
    if command.transition:
        ctx.transition = (command.transition, command.duration_ms or ctx.transition[1])
    name = ctx.transition[0]
    ctx.bus.obs("SceneTransitionStarted", {"transitionName": name}, Subscription.TRANSITIONS)
    switcher = ctx.session.switcher
    if switcher is not None and switcher.preview is not None:   # an input or layout cued: it airs
        result = take_cued_layout(ctx, switcher)
    elif ctx.preview_sku is not None:
        sku = ctx.preview_sku
        take_product(ctx, sku, "take", command)
        result = {"sku": sku}
    else:
        index = ctx.preview_segment()
        if index is None:
            empty = ctx.player is not None and not ctx.player.segments
            raise CommandError(Status.CANNOT_ACT, rundown_range_error(0, 0) if empty else
                               "nothing in preview to take (the rundown has ended)")
        result = jump(ctx, index)
    ctx.session.engine.when_transition_done(  # as OBS: once the dissolve is over
        lambda: ctx.bus.obs("SceneTransitionEnded", {"transitionName": name}, Subscription.TRANSITIONS))
    return result


@handles(c.SetTBarPosition)
def set_tbar_position(ctx, command: c.SetTBarPosition):
    return drive_tbar(ctx.session.engine, command.position, command.release is not False,
                      lambda: take(ctx, c.Take(transition="")))


@handles(c.SetTransition)
def set_transition(ctx, command: c.SetTransition):
    name, duration = ctx.transition
    if command.name is not None:
        if command.name not in TRANSITIONS:
            raise CommandError(Status.RESOURCE_NOT_FOUND, f"no transition {command.name!r}; use {' or '.join(TRANSITIONS)}")
        name = command.name
    if command.duration_ms is not None:
        low, high = FADE_RANGE_MS
        if not low <= command.duration_ms <= high:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"transitionDuration must be {low}..{high} ms")
        duration = command.duration_ms
    ctx.transition = (name, duration)


@handles(c.SetAutoAdvance)
def set_auto_advance(ctx, command: c.SetAutoAdvance):
    ctx.need_player().set_auto_advance(command.enabled)
    return {"enabled": command.enabled}


def scene_list(ctx) -> list[dict]:
    if ctx.player is None:
        return []
    count = len(ctx.player.segments)
    return [{"sceneName": scene_name(index, segment), "sceneIndex": count - 1 - index,
             "sceneUuid": f"segment-{segment.id}"} for index, segment in enumerate(ctx.player.segments)]


@handles(c.GetSceneList)
def get_scene_list(ctx, command):
    program, preview = ctx.program_index(), ctx.preview_segment()
    segments = ctx.player.segments if ctx.player else []
    return {"scenes": scene_list(ctx),
            "currentProgramSceneName": scene_name(program, segments[program]) if program >= 0 else None,
            "currentPreviewSceneName": scene_name(preview, segments[preview]) if preview is not None else None}


@handles(c.ReplaceSegments)
def replace_segments(ctx, command: c.ReplaceSegments):
    live_show = ctx.session.live_show
    if command.show_id is not None and live_show is not None and live_show.show.id != command.show_id:
        return {}       # read for a show closed since: the one open now has its own rundown
    ctx.need_player().replace_segments(command.segments)
    ctx.bus.vendor("RundownChanged", {"segments": segments_list(ctx.player)})
    ctx.bus.obs("SceneListChanged", {"scenes": scene_list(ctx)}, Subscription.SCENES)


# -- worker thread: written to the database, then the re-read rundown goes on air ---------------------------

@handles(c.MoveSegment)
def move_segment(ctx, command: c.MoveSegment):
    ctx.on_engine(store.move_segment_in_db(ctx.db, ctx.show_name, command))
    return {"from_index": command.from_index, "to_index": command.to_index}


@handles(c.AddSegment)
def add_segment(ctx, command: c.AddSegment):
    index, replace = store.add_segment_in_db(ctx.db, ctx.show_name, command)
    ctx.on_engine(replace)
    return {"index": index, "sku": command.sku}


@handles(c.SetTalkingPoints)
def set_talking_points(ctx, command: c.SetTalkingPoints):
    replace = store.set_talking_points_in_db(ctx.db, ctx.show_name, command)
    ctx.on_engine(replace)
    return {"index": command.index, "talking_points": replace.segments[command.index].talking_points}


@handles(c.RemoveSegment)
def remove_segment(ctx, command: c.RemoveSegment):
    player = ctx.need_player()
    if command.index == player.index and not player.finished:   # read off the engine thread: an int, atomic
        raise CommandError(Status.CANNOT_ACT, f"segment {command.index + 1} is on air: take another segment first, "
                                              "then remove it")
    ctx.on_engine(store.remove_segment_in_db(ctx.db, ctx.show_name, command))
    return {"index": command.index}


@handles(c.SetSegmentDuration)
def set_segment_duration(ctx, command: c.SetSegmentDuration):
    ctx.on_engine(store.set_segment_duration_in_db(ctx.db, ctx.show_name, command))
    return {"index": command.index, "duration_s": command.duration_s}
