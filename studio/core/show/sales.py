"""Sales per airing, after the show: a Shopify orders export against the show's as-run log.

The rule (issue 26): an order line counts for the airing of its SKU that most recently started before
(or when) the order was created, if the order came while that product was on air or within the window
after it went off air (both edges included); lines of cancelled orders do not count at all; every other
line is "not attributed". An airing is a stretch of the show on air with the product's card up: from
its take to the next take, the card hidden, or the show going off air (a take across an off-air gap is
two airings). Times are wall-clock (UTC) from the as-run log, so the store's time zone does not matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlite_utils

from studio.core.show.air_time import AiredTimeline
from studio.core.show.asrun import load_events
from studio.core.show.money import CURRENCY_MINOR_UNITS
from studio.core.show.orders_export import OrderLine
from studio.core.show.rundown import get_show
from studio.errors import UserInputError


@dataclass
class Airing:
    index: int
    sku: str
    title: str
    start: dt.datetime
    end: dt.datetime
    units: int = 0
    revenue: Decimal = Decimal(0)
    orders: set[str] = field(default_factory=set)            # attributed orders
    orders_on_air: set[str] = field(default_factory=set)     # ... created while it was on air

    @property
    def on_air_s(self) -> float:
        return (self.end - self.start).total_seconds()


def airings_from_events(events: list[dict]) -> list[Airing]:
    timeline = AiredTimeline.from_events(events)
    anchors = [(e["show_time_s"], _wall(e["wall_time"])) for e in events]

    def wall_at(show_time_s: float) -> dt.datetime:
        base_s, base = anchors[0]
        for at_s, wall in anchors:
            if at_s > show_time_s:
                break
            base_s, base = at_s, wall
        return base + dt.timedelta(seconds=show_time_s - base_s)

    takes: list[tuple[str, str, float, float]] = []      # sku, title, from, to (show time)
    current: tuple[str, str, float] | None = None
    for event in events:
        kind, details, at_s = event["event"], event["details"], event["show_time_s"]
        closes = kind == "product_taken" or (kind == "graphic_hidden" and details.get("kind") == "card") \
            or kind == "product_cleared"
        if closes and current is not None:
            takes.append((*current, at_s))
            current = None
        if kind == "product_taken" and details.get("sku"):
            current = (details["sku"], details.get("title") or details["sku"], at_s)
    if current is not None and events:
        takes.append((*current, max(e["show_time_s"] for e in events)))
    airings: list[Airing] = []
    for sku, title, from_s, to_s in takes:
        for span_start, span_end in timeline.spans:
            start_s, end_s = max(from_s, span_start), min(to_s, span_end)
            if end_s > start_s:
                airings.append(Airing(len(airings) + 1, sku, title, wall_at(start_s), wall_at(end_s)))
    airings.sort(key=lambda airing: airing.start)
    for number, airing in enumerate(airings, start=1):
        airing.index = number
    return airings


def _wall(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)


def attribute(airings: list[Airing], lines: list[OrderLine], window: dt.timedelta) -> dict:
    currencies = sorted({line.currency for line in lines if not line.cancelled})
    if len(currencies) > 1:
        raise UserInputError(f"the orders are in several currencies ({', '.join(currencies)}); "
                             "export one store's orders at a time")
    by_sku: dict[str, list[Airing]] = {}
    for airing in airings:
        by_sku.setdefault(airing.sku, []).append(airing)
    not_attributed = {"units": 0, "revenue": Decimal(0)}
    for line in lines:
        if line.cancelled:
            continue
        started = [a for a in by_sku.get(line.sku, []) if a.start <= line.created_at]
        airing = max(started, key=lambda a: a.start, default=None)
        if airing is None or line.created_at > airing.end + window:
            not_attributed["units"] += line.quantity
            not_attributed["revenue"] += line.revenue
            continue
        airing.units += line.quantity
        airing.revenue += line.revenue
        airing.orders.add(line.order)
        if line.created_at <= airing.end:
            airing.orders_on_air.add(line.order)
    currency = currencies[0] if currencies else None
    return {
        "segments": [{
            "index": a.index, "sku": a.sku, "title": a.title, "on_air_s": round(a.on_air_s, 3), "units": a.units,
            "revenue": _money(a.revenue, currency),
            "orders_per_min_on_air": round(len(a.orders_on_air) / (a.on_air_s / 60), 2) if a.on_air_s > 0 else 0.0,
        } for a in airings],
        "not_attributed": {"units": not_attributed["units"], "revenue": _money(not_attributed["revenue"], currency)},
        "currency": currency,
    }


def _money(amount: Decimal, currency: str | None) -> str:
    """Written with the currency's minor units (USD 2, JPY 0, KWD 3)."""
    places = CURRENCY_MINOR_UNITS.get(currency or "", 2)
    return str(amount.quantize(Decimal(1).scaleb(-places)))


def sales_report(db: sqlite_utils.Database, show_name: str, lines: list[OrderLine], window: dt.timedelta,
                 run_id: int | None = None) -> tuple[dict, list[Airing]]:
    show = get_show(db, show_name)
    _, events = load_events(db, show.id, run_id)
    airings = airings_from_events(events)
    return attribute(airings, lines, window), airings


def parse_window(text: str) -> dt.timedelta:
    """`15m`, `900s`, `1h`, `90` (seconds)."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600}
    number, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "s")
    try:
        seconds = float(number) * units[unit]
    except ValueError:
        raise UserInputError(f"--window {text!r}: expected a length such as 15m, 900s or 1h") from None
    if not 0 <= seconds <= 7 * 86400:
        raise UserInputError(f"--window {text!r}: between 0 and 7 days")
    return dt.timedelta(seconds=seconds)
