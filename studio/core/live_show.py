"""A show from the database on air: rundown player, graphics, catalog edits and the as-run log.

Everything the engine needs from the show is one frame hook (`tick`: the catalog's edits, the
operator's commands of this frame (`on_commands`, live control's inbox), then the rundown player,
ticked once, then `after_tick` (live control's announcements)), one
listener for output state changes and `set_on_air` (the session calls it when
streaming or recording starts or stops); the as-run log gets go-live, stop,
on_air / off_air, every cue the player fires and every destination state change. Its rows are written
by a BackgroundWriter thread (committed within milliseconds, held in memory
and retried while another process holds the database), never on the frame loop.
"""

from __future__ import annotations

import re
from typing import Callable

import sqlite_utils

from studio.core.graphics.model import ProductView
from studio.core.graphics.program import ProgramGraphics
from studio.core.output.health import OutputHealth, OutputState
from studio.core.show.air_time import OnAirClock
from studio.core.show.asrun import AsRunLog
from studio.core.show.background_writer import BackgroundWriter
from studio.core.show.db import database_path
from studio.core.show.player import RundownPlayer
from studio.core.show.rundown import Segment, Show, get_show, load_segments
from studio.core.show_graphics import ShowGraphicsTarget


def campaign_tag(show_name: str) -> str:
    """`Black Friday Deals!` -> `black-friday-deals`: the utm_campaign of the show's QR codes."""
    return re.sub(r"[^a-z0-9]+", "-", show_name.lower()).strip("-") or "show"


class LiveShow:
    def __init__(self, db: sqlite_utils.Database, show_name: str, graphics: ProgramGraphics, auto_advance: bool = True,
                 on_air_at_start: bool = True, on_air_clock: OnAirClock | None = None):
        """`on_air_at_start=False` (an idle engine): the as-run's go_live is logged when streaming starts,
        by whoever starts it, so chapters count from the real start of the broadcast. `on_air_clock`: the
        session's (moved by `set_on_air`); entries logged while it is off air are marked `off_air`."""
        self.db = db
        self.show = get_show(db, show_name)
        self.graphics = graphics
        self.on_air_clock = on_air_clock or OnAirClock()
        self.writer = BackgroundWriter(database_path(db), name="as-run log")
        self.asrun = AsRunLog(db, self.show.id, writer=self.writer, clock=self.on_air_clock)
        deal_skus = [segment.sku for segment in load_segments(db, self.show.id) if segment.sku]
        self.target = ShowGraphicsTarget(graphics, db, utm_campaign=campaign_tag(show_name),
                                         on_air_product_changed=self._record_on_air_edit, deal_skus=deal_skus,
                                         countdown_ended=self._countdown_ended)
        # The show holds the as-run log; the player (and live control) record through `record`.
        self.player = RundownPlayer(db, show_name, self.target, self, auto_advance=auto_advance)
        self._show_time_s = 0.0
        self._live = not on_air_at_start
        self.on_commands: list[Callable[[float], None]] = []   # the frame's commands, before the player ticks
        # Set by live control (studio/core/live/on_screen.py): an edit of the product on air is logged on
        # the first frame whose picture shows it (a late render airs it a frame or two after it applied);
        # without it (a headless broadcast) on the frame that applied it.
        self.when_shown: Callable[[Callable[[], bool | None], Callable[[int], None]], None] | None = None
        self.after_tick: list[Callable[[float], None]] = []    # once the frame's program state is settled

    def tick(self, show_time_s: float) -> None:
        """The engine's frame hook: runs before the graphics are composited for this frame."""
        self._show_time_s = show_time_s
        if not self._live:
            self._live = True
            self.record("go_live", show_time_s, show=self.show.name)
        self.target.tick(show_time_s)
        self.player.clock_to(show_time_s)    # a take in this frame's commands happens at this frame's time
        for apply in self.on_commands:
            apply(show_time_s)
        try:
            self.player.tick(show_time_s)    # once per frame: cues a take scheduled for "now" air in this frame
        finally:
            self.target.instant = False      # a take's Cut or Fade covered the cues it fired
        self.target.settle()                 # a countdown whose card left (and did not come back) leaves now
        for hook in self.after_tick:
            hook(show_time_s)

    def set_on_air(self, on_air: bool, show_time_s: float, **outputs: bool) -> None:
        """Streaming or recording started (nothing was on air) or everything stopped: the on-air clock,
        the as-run's `on_air` / `off_air` marker and, going on air, the segment on air's clock (from now)."""
        clock = self.on_air_clock
        if on_air == clock.on_air:
            return
        if on_air:
            clock.went_on_air(show_time_s)
            if not self._live:    # `studio broadcast`: on air from the start, its go_live comes first
                self._live = True
                self.record("go_live", show_time_s, show=self.show.name)
            self.record("on_air", show_time_s, **outputs)
            self.player.went_on_air(show_time_s)
        else:
            self.record("off_air", show_time_s, **outputs)
            clock.went_off_air(show_time_s)

    def open_show(self, show: Show, segments: list[Segment], asrun: AsRunLog) -> None:
        """Engine thread, off air: play `show` instead (its rundown read and its as-run run started by a worker).
        The old show's segment ends and its run stops; every graphic leaves; the new one starts at its first
        segment on the next tick (an empty show waits for segments)."""
        self.player.stop(self._show_time_s)
        self.record("stop", self._show_time_s, show=self.show.name)
        for kind in list(self.graphics.visible_kinds()):
            self.target.hide_graphic(kind, reason="show_closed")
        self.target.on_air_sku = None
        self.target.deal_skus = list(dict.fromkeys(segment.sku for segment in segments if segment.sku))
        self.target.utm_campaign = campaign_tag(show.name)
        asrun.listeners.extend(self.asrun.listeners)
        self.asrun, self.show = asrun, show
        self.player = RundownPlayer(self.db, show.name, self.target, self, auto_advance=self.player.auto_advance,
                                    segments=segments)

    def record(self, event: str, show_time_s: float | None = None, **details) -> dict:
        """One as-run entry, at `show_time_s` (default: this frame's show time). The one way in: the
        player, the handlers and the countdown's owner all record here."""
        return self.asrun.record(event, self._show_time_s if show_time_s is None else show_time_s, **details)

    def _countdown_ended(self, reason: str, interrupted: bool) -> None:
        """The countdown ended (its owner, the target, says so once, however it ended): logged, and
        the player forgets it."""
        self.player.forget_graphic("countdown")
        self.record("countdown_end", self._show_time_s, **({"interrupted": True} if interrupted else {}))
        self.record("graphic_hidden", self._show_time_s, kind="countdown", reason=reason)

    def record_output_state(self, health: OutputHealth, previous: OutputState) -> None:
        self.record("destination_state", self._show_time_s, output=health.label, kind=health.kind,
                          state=str(health.state), previous=str(previous), error=health.last_error)

    def _record_on_air_edit(self, before: ProductView, after: ProductView) -> None:
        """Logged when the card on air changes, whichever process made the edit: on the frame that shows it."""
        def record(_frame: int | None = None) -> None:
            if (before.price, before.compare_at_price) != (after.price, after.compare_at_price):
                self.record("price_edited", self._show_time_s, sku=after.sku, price=after.price,
                            compare_at_price=after.compare_at_price, previous_price=before.price)
            if before.stock != after.stock:
                self.record("stock_edited", self._show_time_s, sku=after.sku, stock=after.stock,
                            previous_stock=before.stock)

        if self.when_shown is None:
            record()
        else:
            self.when_shown(lambda: card_shows(self.target, self.graphics, after), record)

    @property
    def alert(self) -> str | None:
        """Why as-run entries are not being saved (None while they are): for status lines and the UI."""
        return self.writer.alert

    def finish(self, show_time_s: float, timeout_s: float = 30.0) -> bool:
        """Log the stop and wait for every as-run entry to be saved; False if some could not be
        (they are then in a spill file named by an ALERT line)."""
        self.player.stop(show_time_s)
        self.set_on_air(False, show_time_s, streaming=False, recording=False)
        self.record("stop", show_time_s, show=self.show.name)
        return self.writer.close(timeout_s)


def card_shows(target: ShowGraphicsTarget, graphics: ProgramGraphics, view: ProductView) -> bool | None:
    """True once every canvas's picture shows the card drawn from `view`; None when it never will (another
    product or a newer edit replaced it first). Engine thread, after the frame is composed."""
    if target.card_sku != view.sku or target.current != view:
        return None
    cards = [graphics.drawn_data(canvas).get("card") for canvas in graphics.canvases]
    return all(card is not None and card.product == view for card in cards)
