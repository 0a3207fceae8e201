"""What live command handlers share: the session and the program's control state, declared in one place.

LiveControl owns one LiveContext and passes it to every handler. The program fields
(preview, transition, show time, sleepers, the snapshot cache) are read and written on the
engine thread only; `db` and `on_engine` are for worker handlers (the worker thread owns that
database connection, and waits there for the engine thread to apply a follow-up command).
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable

from studio.core.graphics.model import ProductView, card_for_show
from studio.core.live.events import EventBus
from studio.core.live.monitors import Monitors
from studio.core.live.on_screen import OnScreen
from studio.core.live.take_to_air import TakeToAir
from studio.core.live_show import campaign_tag
from studio.core.session import Session
from studio.core.product_views import product_view
from studio.core.show.catalog import find_variant
from studio.core.show.db import open_database
from studio.core.show_graphics import ShowGraphicsTarget
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status

# A worker command waiting for its follow-up on the engine thread gives up after this (the engine
# applies commands within a frame; only a stopped engine is this slow).
ENGINE_FOLLOW_UP_TIMEOUT_S = 10.0


class LiveContext:
    def __init__(self, session: Session, bus: EventBus, monitors: Monitors | None,
                 on_shutdown: Callable[[], None] | None, run_on_engine: Callable[[c.Command], Future]):
        self.session = session
        self.bus = bus
        self.monitors = monitors
        self.on_shutdown = on_shutdown
        self._run_on_engine = run_on_engine
        live_show = session.live_show
        if live_show is not None:
            self.target, self.player = live_show.target, live_show.player
            self.utm_campaign = campaign_tag(live_show.show.name)
        else:
            self.target = ShowGraphicsTarget(session.graphics, session.db, utm_campaign="live") if session.db else None
            if self.target is not None:
                session.add_live_listener(self.target.set_live)   # the logo's LIVE badge only while live
            self.player = None
            self.utm_campaign = "live"
        # -- engine thread ---------------------------------------------------------------------------
        self.preview_sku: str | None = None
        self.preview_index: int | None = None
        self.transition = ("Cut", 300)
        self.show_time_s = 0.0
        self.sleepers: list[tuple[int, c.WaitFrames]] = []
        # (frame, GetShowState's answer): one for the frame's reads, dropped by any other command (apply_commands)
        self.snapshot: tuple[int, dict] | None = None
        # stored destinations switched off (name -> {label, name, canvas}): listed in the state, not sent to
        self.disabled_destinations: dict[str, dict] = {}
        self.take_to_air = TakeToAir()
        self.on_screen = OnScreen()                        # answers and as-run entries naming the frame that shows them
        self.process_stats: dict = {}                      # cpu_percent, memory_mb (once a second)
        self.claims = None                                 # studio/core/live/claims.py, made at the first claim
        # -- worker thread ---------------------------------------------------------------------------
        self.show_name = session.plan.show.name
        self._db = None
        self._db_lock = threading.Lock()

    @property
    def frame(self) -> int:
        return self.session.engine.frame_index

    # -- the show (engine thread) ----------------------------------------------------------------------

    def need_target(self) -> ShowGraphicsTarget:
        if self.target is None:
            raise CommandError(Status.CANNOT_ACT, "this engine has no catalog (start it with --db or --show)")
        return self.target

    def need_player(self):
        if self.player is None:
            raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
        return self.player

    def view(self, sku: str) -> ProductView:
        view = self.need_target().views.get(sku)
        if view is None:
            raise CommandError(Status.RESOURCE_NOT_FOUND, f"no product with SKU {sku!r} in the catalog")
        return view

    def program_index(self) -> int:
        return self.player.index if self.player else -1

    def preview_segment(self) -> int | None:
        """The segment Take would start: the one chosen, else the next."""
        if self.player is None:
            return None
        if self.preview_index is not None:
            return self.preview_index
        following = self.player.index + 1
        return following if following < len(self.player.segments) else None

    def preview_view(self) -> ProductView | None:
        if self.target is None:
            return None
        sku = self.preview_sku
        if sku is None and self.player is not None:
            index = self.preview_segment()
            sku = self.player.segments[index].sku if index is not None else None
        return self.target.views.get(sku) if sku else None   # the one product view: edits show at once

    def record(self, event: str, **details) -> None:
        """An as-run entry (announced to clients by the as-run log's listener)."""
        live_show = self.session.live_show
        if live_show is not None:
            live_show.record(event, self.show_time_s, **details)

    def stats_dict(self) -> dict:
        return {**self.process_stats, **self.session.engine.stats.as_dict(), **self.take_to_air.as_dict()}

    # -- worker thread -----------------------------------------------------------------------------------

    @property
    def db(self):
        """The worker's own connection to the show's database (None without one)."""
        with self._db_lock:
            if self._db is None and self.session.plan.show.db_path is not None:
                self._db = open_database(self.session.plan.show.db_path)
            return self._db

    def draw_card_ahead(self, sku: str) -> None:
        """Worker thread: a take's card asked of the renderer as its request arrives, so it is mostly
        drawn by the frame the take applies at (half a frame later on average). Read with the worker's
        own connection: the card is the same data the take builds, unless an edit lands in between
        (then the take draws its own)."""
        if self.target is None or self.db is None:
            return
        try:
            snapshot = find_variant(self.db, sku)
        except sqlite3.Error:
            return   # only a head start: the take reads the product itself on its frame
        if snapshot is not None:
            self.session.graphics.prerender("card", card_for_show(product_view(snapshot), self.utm_campaign), "take")

    def on_engine(self, command: c.Command) -> dict:
        """Worker thread: hand `command` to the engine thread's inbox and wait for its answer."""
        future = self._run_on_engine(command)
        try:
            return future.result(ENGINE_FOLLOW_UP_TIMEOUT_S)
        except FutureTimeout:
            future.cancel()
            raise CommandError(Status.REQUEST_PROCESSING_FAILED, "the engine did not answer in time") from None


__all__ = ["LiveContext", "ENGINE_FOLLOW_UP_TIMEOUT_S"]
