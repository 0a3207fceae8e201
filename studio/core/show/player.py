"""Plays a show's rundown against the show clock.

The engine calls `tick(show_time_s)` every frame. The player keeps the time of
its next due action in a float, so a frame with nothing due costs one
comparison and never touches the database. The rundown is read once, when the
player is built.

With auto-advance each segment starts at its planned cumulative time (computed
from the previous segment's planned end, so frame jitter never accumulates);
without it a segment lasts until `next_segment()`. The first segment starts on
the first tick.

Segment clocks run on air time: going on air (`went_on_air`) restarts the clock of the
segment on air, moving its pending cues and planned end with it, and forgets the
timings of rehearsal, so the host's time left starts full at Go Live.

The player logs every action it fires (segment start/end, product taken,
graphic shown/hidden, countdown start) to the as-run log; the CueTarget
adapter should log only actions it receives from elsewhere (the operator).
The countdown is the target's (its one owner): the player starts it from a cue
and hides it at the segment's end, and the target ends it when its time is up
and logs every end (`forget_graphic` tells the player it is gone).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import sqlite3
from collections.abc import Callable
from typing import Any, Callable, Protocol

import sqlite_utils

from studio.core.graphics.kinds import graphic_kind, validate_graphic_params
from studio.core.show.catalog import find_variant
from studio.core.show.cues import Cue
from studio.core.show.rundown import Segment, get_show, load_segments
from studio.errors import UserInputError

log = logging.getLogger(__name__)


class CueTarget(Protocol):
    """What the rundown drives; the engine adapts it to its graphics layers."""

    def take_product(self, sku: str) -> None: ...

    def show_graphic(self, kind: str, params: dict) -> None: ...

    def hide_graphic(self, kind: str, reason: str) -> None: ...

    def start_countdown(self, duration_s: float, label: str) -> None: ...


class AsRunRecorder(Protocol):
    """Where the player logs what it fires: the show (LiveShow.record), or an AsRunLog of its own."""

    def record(self, event: str, show_time_s: float, **details: Any) -> Any: ...


def rundown_range_error(index: int, count: int) -> str:
    if count == 0:
        return "the rundown is empty: add a segment first (drag a product from the Catalog into the Rundown)"
    return f"segment {index} does not exist: the rundown has 0..{count - 1}"


class RundownPlayer:
    def __init__(
        self,
        db: sqlite_utils.Database,
        show_name: str,
        target: CueTarget,
        asrun: AsRunRecorder,
        auto_advance: bool = True,
        segments: list[Segment] | None = None,
    ):
        """`segments`: the show's rundown read already (off the frame thread); None reads it here."""
        self.db = db
        self.target = target
        self.asrun = asrun
        self.auto_advance = auto_advance
        # Told each segment that starts (engine thread): the switcher airs the layout a segment names.
        self.segment_listeners: list[Callable[[Segment], None]] = []
        # An empty show plays nothing until segments arrive (replace_segments): the engine stays up for
        # the producer to build the rundown, the first segment starts at the next tick.
        self.segments: list[Segment] = load_segments(db, get_show(db, show_name).id) if segments is None else segments
        self._index = -1
        self._segment_start_s = 0.0
        self._now_s = 0.0
        # (due show time, sequence, generation, action, the segment generation whose clock it moves with, or None)
        self._due: list[tuple[float, int, int, Callable[[float], None], int | None]] = []
        self._planned_end_s: float | None = None  # the segment on air's planned end (auto-advance)
        self._sequence = itertools.count()
        self._generation = 0  # bumped at each segment change; stale actions are skipped
        self._visible: dict[str, bool] = {}  # kind -> persists past its segment
        self._next_due_s = -math.inf
        self.finished = False
        self.actual: dict[int, list[float | None]] = {}  # segment index -> [start_s, end_s or None]

    @property
    def current_segment(self) -> Segment | None:
        return self.segments[self._index] if 0 <= self._index < len(self.segments) and not self.finished else None

    def clock_to(self, show_time_s: float) -> None:
        """The frame's show time, before the operator's moves of this frame (they happen "now")."""
        self._now_s = show_time_s

    def tick(self, show_time_s: float) -> None:
        self._now_s = show_time_s  # next_segment() happens "now", between ticks
        if show_time_s < self._next_due_s:
            return
        if self._index < 0:
            if not self.segments:
                return                   # an empty show: nothing due until it has a segment
            self._start_segment(0, show_time_s)
        while self._due and self._due[0][0] <= show_time_s:
            _, _, generation, action, _ = heapq.heappop(self._due)
            if generation in (self._generation, -1):
                action(show_time_s)
        self._next_due_s = self._due[0][0] if self._due else math.inf

    def next_segment(self) -> None:
        """Operator's "next": end the current segment now and start the following one."""
        if self.finished or not self.segments:
            return
        if self._index < 0:
            self._start_segment(0, self._now_s)
        else:
            self._end_segment(self._now_s)
            self._advance(self._now_s, self._now_s)
        self._next_due_s = self._due[0][0] if self._due else math.inf

    @property
    def index(self) -> int:
        """The segment on air (-1 before the first; the last one once finished)."""
        return self._index

    def jump_to_segment(self, index: int) -> None:
        """Operator's jump (or take of a previewed segment): end the current segment now, start `index`."""
        if not 0 <= index < len(self.segments):
            raise UserInputError(rundown_range_error(index, len(self.segments)))
        if self._index >= 0 and not self.finished:
            self._end_segment(self._now_s)
        self.finished = False
        self._start_segment(index, self._now_s)
        self._next_due_s = self._due[0][0] if self._due else math.inf

    def set_auto_advance(self, enabled: bool) -> None:
        """Pause or resume auto-advance; resuming ends the current segment at its planned time (or now)."""
        if enabled == self.auto_advance:
            return
        self.auto_advance = enabled
        if enabled and self._index >= 0 and not self.finished:
            self._schedule_end(max(self._now_s, self._segment_start_s + self.segments[self._index].planned_duration_s))
            self._next_due_s = self._due[0][0] if self._due else math.inf

    def went_on_air(self, show_time_s: float) -> None:
        """Go Live (or the recording's start): the segment on air starts its clock now; its cues still to come
        and its planned end move with it; segment timings from rehearsal are forgotten."""
        self.actual = {}
        if self._index < 0 or self.finished:
            return
        shift_s = show_time_s - self._segment_start_s
        self._segment_start_s = show_time_s
        self.actual[self._index] = [show_time_s, None]
        self._due = [(due + shift_s if moves == self._generation else due, sequence, generation, action, moves)
                     for due, sequence, generation, action, moves in self._due]
        heapq.heapify(self._due)
        if self._planned_end_s is not None:
            self._planned_end_s += shift_s
        self._next_due_s = self._due[0][0] if self._due else math.inf

    def replace_segments(self, segments: list[Segment]) -> None:
        """The rundown was reordered: keep the segment on air (by id), its cues and timings."""
        on_air = self.segments[self._index].id if 0 <= self._index < len(self.segments) else None
        new_index = {segment.id: index for index, segment in enumerate(segments)}
        self.actual = {new_index[self.segments[old].id]: times for old, times in self.actual.items()
                       if self.segments[old].id in new_index}
        self.segments = segments
        if on_air in new_index:
            self._index = new_index[on_air]

    def stop(self, show_time_s: float) -> None:
        """End the current segment (the show went off air before the rundown did)."""
        if not self.finished and self._index >= 0:
            self._end_segment(show_time_s)
        self.finished = True
        self._due.clear()
        self._next_due_s = math.inf

    # -- segments ------------------------------------------------------------

    def _start_segment(self, index: int, start_s: float) -> None:
        self._index = index
        self._generation += 1
        self._segment_start_s = start_s
        self.actual[index] = [start_s, None]
        segment = self.segments[index]
        self._record("segment_start", self._now_s, **self._segment_details(segment))
        for listener in self.segment_listeners:
            listener(segment)
        if segment.sku:
            self._take(segment, segment.sku)
        for cue in segment.cues:
            persist = cue.persist or graphic_kind(cue.kind).persists   # the logo bug stays until hidden
            self._schedule(start_s + cue.offset_s, lambda now, cue=cue: self._fire(cue, now), persist, moves=True)
        if self.auto_advance:
            self._schedule_end(start_s + segment.planned_duration_s)

    def _schedule_end(self, end_s: float) -> None:
        self._planned_end_s = end_s
        self._schedule(end_s, self._auto_end, moves=True)

    def _auto_end(self, now_s: float) -> None:
        if not self.auto_advance:
            return
        planned_end_s = self._planned_end_s if self._planned_end_s is not None else now_s
        self._end_segment(now_s)
        self._advance(planned_end_s, now_s)

    def _advance(self, next_start_s: float, now_s: float) -> None:
        if self._index + 1 < len(self.segments):
            self._start_segment(self._index + 1, next_start_s)
        else:
            self.finished = True

    def _end_segment(self, now_s: float) -> None:
        segment = self.segments[self._index]
        self.actual.setdefault(self._index, [now_s, None])[1] = now_s
        for kind, persists in list(self._visible.items()):
            if not persists:
                self._hide(kind, now_s, reason="segment_end")
        self._record(
            "segment_end",
            now_s,
            actual_duration_s=round(now_s - self._segment_start_s, 3),
            **self._segment_details(segment),
        )
        self._generation += 1

    def _segment_details(self, segment: Segment) -> dict[str, Any]:
        return {
            "segment_id": segment.id,
            "position": segment.position,
            "kind": segment.kind,
            "title": segment.display_title,
            "planned_duration_s": segment.planned_duration_s,
            "sku": segment.sku,
        }

    # -- cues ------------------------------------------------------------------

    def _fire(self, cue: Cue, now_s: float) -> None:
        segment = self.segments[self._index]
        persist = cue.persist or graphic_kind(cue.kind).persists
        if cue.action == "hide":
            self._hide(cue.kind, now_s, reason="cue")
            return
        if cue.kind == "countdown":
            duration_s = cue.duration_s or max(segment.planned_duration_s - cue.offset_s, 1.0)
            label = validate_graphic_params("countdown", cue.params)["label"]  # the declared default if none
            self._call("start_countdown", duration_s, label)   # the target ends it when its time is up
            self._visible["countdown"] = persist
            self._record("countdown_start", now_s, duration_s=duration_s, label=label, position=segment.position)
            return
        params = dict(cue.params)
        if cue.kind == "card":
            params.setdefault("sku", segment.sku)
        self._call("show_graphic", cue.kind, params)
        self._visible[cue.kind] = persist
        self._record("graphic_shown", now_s, kind=cue.kind, params=params, position=segment.position)
        if cue.duration_s is not None:
            self._schedule(now_s + cue.duration_s, lambda now, kind=cue.kind: self._hide(kind, now, "duration"), persist)

    @property
    def countdown_up(self) -> bool:
        """Whether a countdown is on air, as its one owner (the target) says."""
        return getattr(self.target, "countdown", None) is not None

    def forget_graphic(self, kind: str) -> None:
        """The target took `kind` off air itself (the countdown, however it ended): nothing left to hide or log."""
        self._visible.pop(kind, None)

    def _hide(self, kind: str, now_s: float, reason: str) -> None:
        if kind not in self._visible:
            return
        del self._visible[kind]
        self._call("hide_graphic", kind, reason)
        if kind != "countdown":   # the countdown's owner logs its end
            self._record("graphic_hidden", now_s, kind=kind, reason=reason)

    def _take(self, segment: Segment, sku: str) -> None:
        self._call("take_product", sku)
        try:
            snapshot = find_variant(self.db, sku)
        except sqlite3.Error as error:  # the as-run entry goes without the product's details, the show goes on
            log.warning("could not read product %s for the as-run log: %s", sku, error)
            snapshot = None
        shown = {}
        if snapshot is not None:
            shown = {
                "title": snapshot.title,
                "variant_title": snapshot.variant_title,
                "price": snapshot.price,
                "compare_at_price": snapshot.compare_at_price,
                "currency": snapshot.currency,
                "stock": snapshot.stock,
            }
        self._record("product_taken", self._now_s, sku=sku, position=segment.position, **shown)

    # -- plumbing ------------------------------------------------------------

    def _schedule(self, due_s: float, action: Callable[[float], None], persist: bool = False,
                  moves: bool = False) -> None:
        """`moves`: due at a time in the segment (a cue, its planned end), so it moves when the segment's clock does."""
        generation = -1 if persist else self._generation
        heapq.heappush(self._due, (due_s, next(self._sequence), generation, action, self._generation if moves else None))

    def _call(self, method: str, *args: Any) -> None:
        # The show goes on: a graphics failure is logged, never raised into the engine's frame loop.
        try:
            getattr(self.target, method)(*args)
        except Exception:
            log.exception("cue target failed in %s%r", method, args)

    def _record(self, event: str, show_time_s: float, **details: Any) -> None:
        self.asrun.record(event, show_time_s, **details)
