"""What the host view shows, computed from plain dicts: no window, no socket.

Fed the `GetShowState` snapshot and the vendor/OBS events of docs/control.md. The show
clock comes in with each snapshot and each `StatsUpdated` (once a second); in between the
model runs it forward on this machine's monotonic clock, so the segment's time left
counts down smoothly and never jumps back by more than the network's delay.

Clocks run on air time: before Go Live (or the recording's start) the show is "not on
air" and there is no time left to read (the view shows the time of day); going on air
starts the segment on air's clock, so it reads its full planned length, never -1:02.

`apply_event` returns True when the event says something changed that it does not carry
(a price or stock edit names only the SKU): the caller then fetches a fresh snapshot.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from studio.core import settings

AMBER_AT = settings.declare(settings.Setting(
    "host.amber_at_s", int, 30, "Host view: time left turns amber at (s)", minimum=1, maximum=3600))
RED_AT = settings.declare(settings.Setting(
    "host.red_at_s", int, 10, "Host view: time left turns red at (s)", minimum=0, maximum=3600))
PROMPTER_SPEED = settings.declare(settings.Setting(
    "host.teleprompter_speed_px_s", float, 60.0, "Teleprompter speed (px/s)", minimum=5, maximum=600))
MIRROR = settings.declare(settings.Setting("host.mirror", bool, False, "Teleprompter mirrored (beam-splitter glass)"))
LOW_STOCK = 5           # "only 3 left" below this
FEED_ROWS = 6           # the newest comments the host reads (docs/comments.md)

REFRESH_ON = frozenset({"CatalogChanged", "SegmentChanged", "RundownChanged", "EventsMissed", "ClaimChanged",
                        "StreamStateChanged", "RecordStateChanged"})
_PRICE_OR_STOCK_ENTRIES = ("price", "stock")


@dataclass(frozen=True)
class Product:
    sku: str
    title: str
    price: str
    compare_at: str | None       # only when above the price (a real "was" price)
    currency: str
    stock: int | None
    claimed: int = 0             # units viewers' claims hold (stock is what is left after them)

    @property
    def sold_out(self) -> bool:
        return self.stock is not None and self.stock <= 0

    @property
    def stock_text(self) -> str:
        claimed = f"{self.claimed} claimed · " if self.claimed else ""
        if self.stock is None:
            return claimed.rstrip(" ·")
        if self.stock <= 0:
            return f"{claimed}SOLD OUT"
        if self.stock <= LOW_STOCK:
            return f"{claimed}Only {self.stock} left"
        return f"{claimed}{self.stock} in stock"


def product_from(data: dict | None) -> Product | None:
    if not data:
        return None
    compare_at = data.get("compare_at")
    if compare_at is not None and _decimal(compare_at) <= _decimal(data.get("price")):
        compare_at = None
    stock = data.get("stock")
    return Product(sku=str(data.get("sku", "")), title=str(data.get("title") or data.get("sku", "")),
                   price=str(data.get("price", "")), compare_at=None if compare_at is None else str(compare_at),
                   currency=str(data.get("currency") or ""), stock=None if stock is None else int(stock),
                   claimed=int(data.get("claimed") or 0))


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


class HostModel:
    def __init__(self, amber_at_s: float = AMBER_AT.default, red_at_s: float = RED_AT.default):
        self.amber_at_s = amber_at_s
        self.red_at_s = red_at_s
        self.connected = False
        self.show_title = ""
        self.live = False
        self.recording = False
        self.on_air = False      # streaming, or recording when nothing streams: the clocks run
        self.segments: list[dict] = []
        self.segment_index = -1
        self.preview_index: int | None = None
        self.program: Product | None = None
        self.preview: Product | None = None
        self.countdown: dict | None = None
        self.comments: collections.deque[dict] = collections.deque(maxlen=FEED_ROWS)   # the newest, visible
        self._show_time_s = 0.0
        self._clock_mark_s: float | None = None     # local monotonic time of the last show-time reading

    # --- input
    def apply_state(self, state: dict, received_at_s: float) -> None:
        self.connected = True
        show = state.get("show") or {}
        self.show_title = show.get("title") or show.get("name") or ""
        self.live = bool(state.get("live"))
        self.recording = bool(state.get("recording"))
        # an engine from before the on-air clock: on air whenever it streams or records
        self.on_air = bool(state.get("on_air", self.live or self.recording))
        self.segments = list(state.get("segments") or [])
        self.segment_index = int(state.get("segment_index", -1))
        self.preview_index = state.get("preview_index")
        self.program = product_from(state.get("program"))
        self.preview = product_from(state.get("preview"))
        self.countdown = state.get("countdown")
        self._set_show_time(state.get("show_time_s"), received_at_s)

    def apply_event(self, event_type: str, data: dict, received_at_s: float) -> bool:
        """Applies what the event carries; True when a fresh snapshot is needed as well."""
        if event_type == "ProgramProductChanged":
            self.program = product_from(data.get("product"))
        elif event_type == "PreviewProductChanged":
            self.preview = product_from(data.get("product"))
        elif event_type == "SegmentChanged":
            self.segment_index = int(data["index"])
            self._set_show_time(data.get("show_time_s"), received_at_s)
            if 0 <= self.segment_index < len(self.segments):
                self.segments[self.segment_index] = {**self.segments[self.segment_index],
                                                     "actual_start_s": data.get("show_time_s")}
        elif event_type == "RundownChanged":
            self.segments = list(data.get("segments") or [])
        elif event_type == "CountdownChanged":
            self.countdown = data.get("countdown")
        elif event_type == "StatsUpdated":
            self._set_show_time(data.get("show_time_s"), received_at_s)
        elif event_type == "StreamStateChanged":
            self.live = bool(data.get("outputActive"))
            self._on_air_now(received_at_s)
        elif event_type == "RecordStateChanged":
            self.recording = bool(data.get("outputActive"))
            self._on_air_now(received_at_s)
        elif event_type == "AsRunEntry":
            return any(word in str(data.get("event", "")) for word in _PRICE_OR_STOCK_ENTRIES)
        elif event_type == "CommentsReceived":
            self.comments.extend(data.get("comments") or [])
            return False
        elif event_type == "CommentModerated" and data.get("action") == "hide":
            kept = [comment for comment in self.comments if comment.get("id") != data.get("id")]
            self.comments.clear()
            self.comments.extend(kept)
            return False
        elif event_type in ("ExitStarted", "ConnectionClosed"):
            self.connected = False
        return event_type in REFRESH_ON

    def _on_air_now(self, received_at_s: float) -> None:
        """Until the fresh snapshot says exactly: going on air starts the segment on air's clock now."""
        on_air = self.live or self.recording
        if on_air and not self.on_air and self.segment is not None:
            self.segments[self.segment_index] = {**self.segment, "actual_start_s": self.show_time_at(received_at_s)}
        self.on_air = on_air

    def _set_show_time(self, show_time_s: Any, received_at_s: float) -> None:
        if show_time_s is not None:
            self._show_time_s = float(show_time_s)
            self._clock_mark_s = received_at_s

    # --- what the window shows, at local monotonic time `now_s`
    def show_time_at(self, now_s: float) -> float:
        if self._clock_mark_s is None:
            return self._show_time_s
        return self._show_time_s + max(0.0, now_s - self._clock_mark_s)

    @property
    def segment(self) -> dict | None:
        if 0 <= self.segment_index < len(self.segments):
            return self.segments[self.segment_index]
        return None

    @property
    def talking_points(self) -> list[str]:
        """The segment's points; with another product on air (taken off the rundown), the points of the first
        segment written for that product, or none: the host never reads one product's notes over another."""
        segment = self.segment
        on_air_sku = self.program.sku if self.program is not None else None
        if on_air_sku is not None and (segment is None or segment.get("sku") != on_air_sku):
            segment = next((other for other in self.segments if other.get("sku") == on_air_sku), None)
        return list(segment.get("talking_points") or []) if segment else []

    def remaining_s(self, now_s: float) -> float | None:
        """The segment's time left on air; None off air (rehearsal has no clock to beat)."""
        segment = self.segment
        if not self.on_air or not segment or not segment.get("planned_duration_s"):
            return None
        start = segment.get("actual_start_s")
        if start is None:
            start = segment.get("planned_start_s") or 0.0
        # air time starts at the next keyframe, up to 2 s after Go Live: until then the full length, as the console
        return float(segment["planned_duration_s"]) - max(0.0, self.show_time_at(now_s) - float(start))

    def urgency(self, now_s: float) -> str:
        """"normal", "amber" or "red" for the time left (red once it is over)."""
        remaining = self.remaining_s(now_s)
        if remaining is None or remaining > self.amber_at_s:
            return "normal"
        return "red" if remaining <= self.red_at_s else "amber"

    def countdown_remaining_s(self, now_s: float) -> float | None:
        if not self.countdown:
            return None
        return max(0.0, float(self.countdown["ends_at_s"]) - self.show_time_at(now_s))

    @property
    def next_up(self) -> str:
        """What comes next: the product in preview, else the next segment, else the end."""
        if self.preview is not None:
            return self.preview.title
        index = self.preview_index if self.preview_index is not None else self.segment_index + 1
        if 0 <= index < len(self.segments) and index != self.segment_index:
            return str(self.segments[index].get("title") or "")
        return "End of show"

    @property
    def tally(self) -> str:
        if not self.connected:
            return "NO ENGINE"
        return "ON AIR" if self.live else ("RECORDING" if self.recording else "NOT ON AIR")


def clock_text(seconds: float | None) -> str:
    """M:SS, with a leading minus once the segment has run over."""
    if seconds is None:
        return "--:--"
    sign = "\u2212" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds >= 0 else 0))   # 4.2 s left reads 0:05, as a countdown does
    return f"{sign}{whole // 60}:{whole % 60:02d}"
