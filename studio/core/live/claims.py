"""Claims from comments ("SOLD", "#SKU", "want 2"): stock held first come, first served (engine thread).

The gateway reads claims off comments and sends each as a registry command (ClaimStock); here, on
the engine thread, a claim reserves units if the catalog's stock minus what other claims hold allows,
else it waits in line (a waitlist per product). A reservation is released when its hold ends (show
time) or it is cancelled; the units go to the first waiting claim they cover, else back to the stock
on screen. Each change is one `ClaimChanged` event and one as-run `claim` entry; the product's views
(studio/core/product_views.py) show "N claimed" and the stock left, re-rendered on the same frame.
The catalog itself is not written: a hold is not a sale (fulfilment takes the export).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

RESERVED, WAITLISTED, EXPIRED, CANCELLED = "reserved", "waitlisted", "expired", "cancelled"


@dataclass
class Claim:
    claim_id: int
    sku: str
    quantity: int
    author: str
    platform: str
    comment_id: int | None
    hold_s: float
    state: str
    claimed_at: float            # Unix seconds (for the export)
    changed_at: float
    held_until_s: float | None = None   # show time its hold ends (reserved only)

    def as_event(self) -> dict:
        return asdict(self)


class Claims:
    def __init__(self, views, on_change: Callable[[Claim, dict], None]):
        """`views`: the show's ProductViews; `on_change(claim, changed_views)` after every change."""
        self.views = views
        self.on_change = on_change
        self.claims: dict[int, Claim] = {}
        self._next_id = 1

    def held(self, sku: str) -> int:
        return sum(c.quantity for c in self.claims.values() if c.sku == sku and c.state == RESERVED)

    def claim(self, sku: str, quantity: int, author: str, platform: str, comment_id: int | None, hold_s: float,
              now_s: float) -> Claim:
        view = self.views.catalog_view(sku)
        if view is None:
            raise LookupError(sku)
        now = time.time()
        claim = Claim(self._next_id, sku, quantity, author, platform, comment_id, hold_s, WAITLISTED, now, now)
        self._next_id += 1
        self.claims[claim.claim_id] = claim
        waiting_before = any(c.sku == sku and c.state == WAITLISTED for c in self.claims.values() if c is not claim)
        if not waiting_before and self._left(sku) >= quantity:
            self._reserve(claim, now_s)
        return self._changed(claim)

    def cancel(self, claim_id: int, now_s: float) -> Claim:
        claim = self.claims[claim_id]
        if claim.state in (RESERVED, WAITLISTED):
            self._end(claim, CANCELLED, now_s)
        return claim

    def tick(self, now_s: float) -> None:
        for claim in [c for c in self.claims.values() if c.state == RESERVED and c.held_until_s <= now_s]:
            self._end(claim, EXPIRED, now_s)

    # -- inside ----------------------------------------------------------------------------------------

    def _left(self, sku: str) -> float:
        stock = self.views.catalog_view(sku).stock
        return float("inf") if stock is None else stock - self.held(sku)

    def _reserve(self, claim: Claim, now_s: float) -> None:
        claim.state, claim.held_until_s, claim.changed_at = RESERVED, now_s + claim.hold_s, time.time()

    def _end(self, claim: Claim, state: str, now_s: float) -> None:
        was_reserved = claim.state == RESERVED
        claim.state, claim.held_until_s, claim.changed_at = state, None, time.time()
        self._changed(claim)
        if was_reserved:                 # first come, first served: the line moves up while units suffice
            for waiting in sorted((c for c in self.claims.values() if c.sku == claim.sku and c.state == WAITLISTED),
                                  key=lambda c: c.claim_id):
                if self._left(claim.sku) < waiting.quantity:
                    break
                self._reserve(waiting, now_s)
                self._changed(waiting)

    def _changed(self, claim: Claim) -> Claim:
        self.on_change(claim, self.views.set_held(claim.sku, self.held(claim.sku)))
        return claim
