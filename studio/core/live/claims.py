"""Claims from comments ("SOLD", "#SKU", "want 2"): stock held first come, first served (engine thread).

The gateway reads claims off comments and sends each as a registry command (ClaimStock); here, on
the engine thread, a claim reserves units if the catalog's stock minus what other claims hold allows,
else it waits in line (a waitlist per product, at most MAX_WAITING). A reservation is released when its
hold ends (show time) or it is cancelled; the units go to the first waiting claim they cover, else back
to the stock on screen. Each change is one `ClaimChanged` event and one as-run `claim` entry at once;
the products' views (studio/core/product_views.py: "N claimed", the stock left) are updated once per
frame in `settle`, so a burst of claims in one frame re-renders the card once, on that frame.
The catalog itself is not written: a hold is not a sale (fulfilment takes the export). Ended claims
leave memory (the gateway has recorded them), so a long show's claims do not grow the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

RESERVED, WAITLISTED, EXPIRED, CANCELLED = "reserved", "waitlisted", "expired", "cancelled"
MAX_WAITING = 500       # per product: past it a claim is refused (a flood of "SOLD" cannot grow the engine)


class WaitlistFull(Exception):
    pass


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
    def __init__(self, views, on_change: Callable[[Claim, int, int | None], None],
                 on_views: Callable[[dict], None]):
        """`views`: the show's ProductViews. `on_change(claim, units held, stock left)` after every change;
        `on_views(changed views)` once a frame when holds changed (the graphics re-render together)."""
        self.views = views
        self.on_change, self.on_views = on_change, on_views
        self.claims: dict[int, Claim] = {}       # active: reserved or waiting
        self._held: dict[str, int] = {}
        self._dirty: set[str] = set()
        self._next_id = 1

    def held(self, sku: str) -> int:
        return self._held.get(sku, 0)

    def claim(self, sku: str, quantity: int, author: str, platform: str, comment_id: int | None, hold_s: float,
              now_s: float) -> Claim:
        if self.views.catalog_view(sku) is None:
            raise LookupError(sku)
        waiting = [c for c in self.claims.values() if c.sku == sku and c.state == WAITLISTED]
        if len(waiting) >= MAX_WAITING:
            raise WaitlistFull(sku)
        now = time.time()
        claim = Claim(self._next_id, sku, quantity, author, platform, comment_id, hold_s, WAITLISTED, now, now)
        self._next_id += 1
        self.claims[claim.claim_id] = claim
        if not waiting and self._left(sku) >= quantity:
            self._reserve(claim, now_s)
        self._changed(claim)
        return claim

    def cancel(self, claim_id: int, now_s: float) -> Claim:
        claim = self.claims[claim_id]
        self._end(claim, CANCELLED, now_s)
        return claim

    def tick(self, now_s: float) -> None:
        """Once a frame, after its commands: holds that end now give their units back, then the views."""
        for claim in [c for c in self.claims.values() if c.state == RESERVED and c.held_until_s <= now_s]:
            self._end(claim, EXPIRED, now_s)
        if self._dirty:
            changed = {}
            for sku in self._dirty:
                changed.update(self.views.set_held(sku, self.held(sku)))
            self._dirty.clear()
            if changed:
                self.on_views(changed)

    # -- inside ----------------------------------------------------------------------------------------

    def _left(self, sku: str) -> float:
        stock = self.views.catalog_view(sku).stock
        return float("inf") if stock is None else stock - self.held(sku)

    def _reserve(self, claim: Claim, now_s: float) -> None:
        claim.state, claim.held_until_s, claim.changed_at = RESERVED, now_s + claim.hold_s, time.time()
        self._held[claim.sku] = self.held(claim.sku) + claim.quantity

    def _end(self, claim: Claim, state: str, now_s: float) -> None:
        was_reserved = claim.state == RESERVED
        if was_reserved:
            self._held[claim.sku] -= claim.quantity
        claim.state, claim.held_until_s, claim.changed_at = state, None, time.time()
        del self.claims[claim.claim_id]
        self._changed(claim)
        if was_reserved:                 # first come, first served: the line moves up while units suffice
            for waiting in sorted((c for c in self.claims.values() if c.sku == claim.sku and c.state == WAITLISTED),
                                  key=lambda c: c.claim_id):
                if self._left(claim.sku) < waiting.quantity:
                    break
                self._reserve(waiting, now_s)
                self._changed(waiting)

    def _changed(self, claim: Claim) -> None:
        self._dirty.add(claim.sku)
        stock = self.views.catalog_view(claim.sku).stock
        self.on_change(claim, self.held(claim.sku), None if stock is None else max(0, stock - self.held(claim.sku)))
