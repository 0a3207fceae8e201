"""What airs, as store events: derived from the engine's own events, never a second copy of the show.

The engine announces each change of the program once (studio/core/live/announcer.py): the product on
air with its data as it aired, the countdown, the segment, the as-run log's entries. `StoreEvents`
turns those into the few events a shop cares about; webhooks out and the "now featured" stream send
exactly these. `STORE_EVENTS` is their one declaration (docs/store.md's table is generated from it).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class StoreEvent:
    name: str
    doc: str


STORE_EVENTS = {event.name: event for event in (
    StoreEvent("product.featured", "a product went on air: `sku`, `product` (title, price, currency, stock, ...), `buy_url`"),
    StoreEvent("product.updated", "the product on air changed as it airs (price, stock, title): `sku`, `product`, `changed`"),
    StoreEvent("product.cleared", "the product left the air and none replaced it: `sku`"),
    StoreEvent("countdown.started", "a countdown started: `label`, `ends_at` (UTC), `remaining_s`"),
    StoreEvent("countdown.ended", "the countdown ended or was cancelled: `label`"),
    StoreEvent("segment.started", "a segment of the rundown went on air: `index`, `title`"),
    StoreEvent("show.live", "the show went live (Go Live)"),
    StoreEvent("show.ended", "the show stopped"),
    StoreEvent("claim.changed", "a viewer's claim changed ([comments.md](comments.md)): `claim_id`, `sku`, `quantity`, "
                                "`state` (reserved, waitlisted, expired, cancelled), `author`, `platform`, "
                                "`claimed` and `stock_left`, passed on as the engine's `ClaimChanged` says"),
)}

# The engine's vendor events that become store events as they are (the audience's claims, docs/comments.md).
PASSED_ON = {"ClaimChanged": "claim.changed"}
# engine event (an as-run entry by its name) -> the part of what airs it tells
_HEARD_AS = {"ProgramProductChanged": "product", "CountdownChanged": "countdown", "SegmentChanged": "segment",
             "countdown_end": "countdown", "go_live": "live", "stop": "live"}
_PRODUCT_FIELDS = ("title", "variant_title", "price", "compare_at", "currency", "stock")


def utc_now_iso(now_s: float | None = None) -> str:
    moment = dt.datetime.fromtimestamp(time.time() if now_s is None else now_s, dt.timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StoreEvents:
    """Engine events in, store events out; also what is featured now (for a page that connects late)."""

    def __init__(self) -> None:
        self.featured: dict | None = None      # {"sku", "product", "buy_url", "image_path"}
        self.countdown: dict | None = None     # {"label", "ends_at", "remaining_s"}
        self.segment: dict | None = None
        self.live = False
        self._countdown_key: tuple | None = None
        self._heard: set[str] = set()          # what the engine announced since this gateway started

    def seed(self, state: dict) -> None:
        """What airs now, from GetShowState when this gateway (re)starts: the page shows the product on air
        before its next change. No event is sent for it, and anything already announced wins."""
        program = state.get("program")
        if "product" not in self._heard and program:
            links = state.get("program_links") or {}
            self.featured = {"sku": program["sku"], "product": program, "buy_url": links.get("buy_url"),
                             "image_path": links.get("image_path")}
        if "countdown" not in self._heard and state.get("countdown"):
            self._countdown(state["countdown"], time.time())
        index, segments = state.get("segment_index"), state.get("segments") or []
        if "segment" not in self._heard and isinstance(index, int) and 0 <= index < len(segments):
            self.segment = {"index": index, "title": segments[index].get("title")}
        if "live" not in self._heard:
            self.live = bool(state.get("live"))

    def from_engine(self, event_type: str, data: dict, now_s: float | None = None) -> list[tuple[str, dict]]:
        now_s = time.time() if now_s is None else now_s
        heard = _HEARD_AS.get(event_type) if event_type != "AsRunEntry" else _HEARD_AS.get(data.get("event"))
        if heard:
            self._heard.add(heard)
        if event_type == "ProgramProductChanged":
            return self._product(data)
        if event_type == "CountdownChanged":
            return self._countdown(data.get("countdown"), now_s)
        if event_type == "SegmentChanged":
            self.segment = {"index": data.get("index"), "title": data.get("title")}
            return [("segment.started", dict(self.segment))]
        if event_type == "AsRunEntry" and data.get("event") == "countdown_end":
            return self._countdown(None, now_s)     # time up: the "Deal ended" face may stay a while
        if event_type == "AsRunEntry" and data.get("event") in ("go_live", "stop"):
            self.live = data["event"] == "go_live"
            return [("show.live" if self.live else "show.ended", {})]
        if event_type in PASSED_ON:
            return [(PASSED_ON[event_type], dict(data))]
        return []

    def snapshot(self) -> dict:
        return {"featured": _public(self.featured), "countdown": self.countdown, "segment": self.segment,
                "live": self.live}

    def _product(self, data: dict) -> list[tuple[str, dict]]:
        sku, product = data.get("sku"), data.get("product")
        before = self.featured
        if sku is None or product is None:
            self.featured = None
            return [] if before is None else [("product.cleared", {"sku": before["sku"]})]
        self.featured = {"sku": sku, "product": product, "buy_url": data.get("buy_url"),
                         "image_path": data.get("image_path")}
        if before is None or before["sku"] != sku:
            return [("product.featured", _public(self.featured))]
        changed = [field for field in _PRODUCT_FIELDS if before["product"].get(field) != product.get(field)]
        if not changed and before.get("buy_url") == self.featured["buy_url"]:
            return []
        return [("product.updated", {**_public(self.featured), "changed": changed})]

    def _countdown(self, countdown: dict | None, now_s: float) -> list[tuple[str, dict]]:
        before = self.countdown
        if countdown is None:
            self.countdown = None
            return [] if before is None else [("countdown.ended", {"label": before["label"]})]
        key = (countdown.get("label"), countdown.get("ends_at_s"))
        if key == self._countdown_key:
            return []            # the same countdown (its ended face, or announced again)
        self._countdown_key = key
        remaining_s = float(countdown.get("remaining_s", 0.0))
        self.countdown = {"label": countdown.get("label", ""), "ends_at": utc_now_iso(now_s + remaining_s),
                          "remaining_s": round(remaining_s, 3)}
        return [("countdown.started", dict(self.countdown))]


def _public(featured: dict | None) -> dict | None:
    """What leaves the studio: the local image path stays in (the page serves the image itself)."""
    if featured is None:
        return None
    return {key: value for key, value in featured.items() if key != "image_path"}
