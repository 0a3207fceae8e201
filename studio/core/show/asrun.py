"""The as-run log: what actually happened on air, committed as it happens.

Without a writer each `record` is its own committed transaction (WAL,
synchronous=FULL), so a SIGKILL loses nothing already recorded. On air the log
is given a `BackgroundWriter`: `record` only queues the row (the frame loop
never waits on the disk or on another process's lock) and the writer commits it
within milliseconds, holding it in memory while the database is busy. Every
`AsRunLog` is one run of a show: a rehearsal and the live show are separate runs
of the same rundown. Given the show's `OnAirClock`, every entry made while the show
is not on air (rehearsal before Go Live, moves after Stop) carries `"off_air": true`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import sqlite_utils

from studio.core.show.background_writer import BackgroundWriter
from studio.core.show.db import transaction
from studio.errors import UserInputError

if TYPE_CHECKING:
    from studio.core.show.air_time import OnAirClock

log = logging.getLogger(__name__)

EVENTS = (
    "go_live", "stop", "segment_start", "segment_end", "product_taken", "graphic_shown", "graphic_hidden",
    "countdown_start", "countdown_end", "price_edited", "stock_edited", "destination_state",
    "marker", "product_cleared", "source_changed", "on_air", "off_air", "comment_featured", "claim",
    "layout_taken", "input_added", "input_removed",
)
_ON_AIR_MARKERS = ("on_air", "off_air")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _plain(value: Any) -> Any:
    if isinstance(value, (Decimal, Path)):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot be stored in the as-run log")


class AsRunLog:
    def __init__(self, db: sqlite_utils.Database, show_id: int, writer: BackgroundWriter | None = None,
                 clock: OnAirClock | None = None):
        self.db = db
        self.clock = clock
        self.show_id = show_id
        self.writer = writer
        # Called with (event, show_time_s, details) after each entry is recorded, on the recording
        # thread (the live control layer announces entries to clients this way).
        self.listeners: list[Callable[[str, float, dict], None]] = []
        with transaction(db):
            self.run_id = db["runs"].insert({"show_id": show_id, "started_at": _now()}).last_pk

    def record(self, event: str, show_time_s: float, **details: Any) -> dict[str, Any]:
        """Log one entry; returns its details as stored (with `off_air` when the show was not on air)."""
        if event not in EVENTS:
            raise ValueError(f"unknown as-run event {event!r}; expected one of {', '.join(EVENTS)}")
        if self.clock is not None and not self.clock.on_air and event not in _ON_AIR_MARKERS:
            details = {**details, "off_air": True}
        row = {
            "show_id": self.show_id,
            "run_id": self.run_id,
            "event": event,
            "show_time_s": round(float(show_time_s), 3),
            "wall_time": _now(),
            "details": json.dumps(details, default=_plain, sort_keys=True),
        }
        if self.writer is not None:
            self.writer.submit(f"as-run {event}", lambda db: db["asrun"].insert(row), keep=row)
        else:
            with transaction(self.db):
                self.db["asrun"].insert(row)
        for listener in list(self.listeners):   # they hear the details as stored (with `off_air`)
            try:
                listener(event, show_time_s, details)
            except Exception:  # a listener's bug must not lose the entry or stop the show
                log.exception("as-run listener failed for %s", event)
        return details


def latest_run_id(db: sqlite_utils.Database, show_id: int) -> int | None:
    row = next(
        db.query(
            "SELECT run_id FROM asrun WHERE show_id = ? ORDER BY run_id DESC LIMIT 1",
            [show_id],
        ),
        None,
    )
    return None if row is None else row["run_id"]


def load_events(db: sqlite_utils.Database, show_id: int, run_id: int | None = None) -> tuple[int, list[dict]]:
    """(run id, events in order) for `run_id`, or the latest run that logged anything."""
    run_id = run_id if run_id is not None else latest_run_id(db, show_id)
    if run_id is None:
        raise UserInputError("this show has no as-run log yet (play it, or export the plan with --planned)")
    events = [
        {**row, "details": json.loads(row["details"])}
        for row in db.query(
            "SELECT event, show_time_s, wall_time, details FROM asrun WHERE show_id = ? AND run_id = ? ORDER BY id",
            [show_id, run_id],
        )
    ]
    if not events:
        raise UserInputError(f"run {run_id} of this show has no as-run events")
    return run_id, events
