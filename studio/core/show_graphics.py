"""Plays a rundown's cues on the program graphics: the bridge from show data to pixels.

The rundown player speaks in SKUs and cue parameters; the graphics take plain data. A graphic
that shows a product refers to it by SKU (the kind registry's `Sku` parameters; the ticker, to
the show's deal products): this target keeps what each graphic on air was asked for (its
parameters, with SKUs, never a copy of a price) and builds its data from the one product view
(studio/core/product_views.py). Each frame, when anyone changed the database (a price or stock
edit from the API, `studio catalog set-price` in another process, an import), every graphic
showing an edited product is rebuilt and handed to the program as one update, so the card, the
callout and the ticker, on every canvas, change on the same frame.

The countdown has one owner, this target (issue 22): whoever starts it (a cue, the API), it is
the one `countdown` here, and every way it ends (its time is up, CancelCountdown, HideGraphic,
the segment's end, another product taken, its product's card hidden) ends it here, once, and
tells `countdown_ended(reason, interrupted)` (the as-run log and the rundown player listen). The
snapshot, the events and the rundown read it from here. A countdown belongs to the product on air
when it started, so it leaves when another product is taken or that product's card is hidden.
The logo's LIVE badge is drawn only while the show is live (`set_live`, from the session).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from typing import Callable

import sqlite_utils

from studio.core.graphics.kinds import build_graphic_data, graphic_kind, validate_graphic_params
from studio.core.graphics.model import LogoData, ProductView, card_for_show
from studio.core.graphics.program import ProgramGraphics
from studio.core.product_views import ProductViews, product_view

log = logging.getLogger(__name__)

TICKER_MAX_ITEMS = 12
DEFAULT_BRAND = "Live"  # the logo's brand when a cue names none

__all__ = ["ShowGraphicsTarget", "product_view", "TICKER_MAX_ITEMS", "DEFAULT_BRAND"]


@dataclasses.dataclass(frozen=True)
class Countdown:
    label: str
    ends_at_s: float          # show time
    sku: str | None           # the product on air when it started


@dataclasses.dataclass
class _Bound:
    """A graphic on air as it was asked for: its parameters (SKUs, not product data), the cue's
    duration, and the SKUs its data was built from (what an edit must re-render it for)."""

    params: dict
    duration_s: float | None
    skus: frozenset[str] = frozenset()
    airing: bool = True      # a conditional kind (the sold counter) is up but airs only while its data calls for it


class ShowGraphicsTarget:
    """Implements the rundown player's CueTarget on a ProgramGraphics."""

    def __init__(self, graphics: ProgramGraphics, db: sqlite_utils.Database, utm_campaign: str, brand: str = DEFAULT_BRAND,
                 on_air_product_changed: Callable[[ProductView, ProductView], None] | None = None,
                 deal_skus: list[str] | None = None,
                 countdown_ended: Callable[[str, bool], None] | None = None):
        """`on_air_product_changed(before, after)` hears of edits to the product on the card;
        `deal_skus` are the show's products, which the ticker lists as today's deals;
        `countdown_ended(reason, interrupted)` hears of every end of the countdown, once."""
        self.graphics = graphics
        self.deal_skus = list(dict.fromkeys(deal_skus or []))
        self.on_air_product_changed = on_air_product_changed
        self.db = db
        self.views = ProductViews(db)   # the one place a product is read from
        self.utm_campaign = utm_campaign
        self.brand = brand
        self.on_air_sku: str | None = None   # the product taken last
        self._countdown: Countdown | None = None          # the one countdown, while it runs
        self._card_left_at: Countdown | None = None       # its product's card was hidden this frame
        self._ended_face_sku: str | None = None           # a countdown over: its "Deal ended" face holds for this product
        self.instant = False  # a Cut: the next graphics shown skip their entrance
        self.live = False     # streaming: the logo's LIVE badge is drawn only then
        self.countdown_ended = countdown_ended
        self._logo: LogoData | None = None       # the logo as asked for (its badge shown only while live)
        self._bound: dict[str, _Bound] = {}      # the graphics shown through this target, as asked for
        self._reads: set[str] | None = None      # while building a graphic's data: the SKUs it read
        self._show_time_s = 0.0
        # The show's products' QR codes, encoded off the frame loop before their first take.
        views = [self.views.get(sku) for sku in self.deal_skus]
        graphics.warm_qr_codes(card_for_show(view, utm_campaign).qr_url for view in views if view is not None)

    # -- CueTarget ---------------------------------------------------------------

    def take_product(self, sku: str) -> None:
        view = self._lookup(sku)
        if view is None:
            return
        if self._countdown is not None and self._countdown.sku != view.sku:
            self._end_countdown("product_taken")   # its deal is over: never over the next product
        self._drop_ended_face(unless_sku=view.sku)
        self.on_air_sku = view.sku
        card = self._bound.get("card")
        if card is not None and card.skus != {view.sku}:
            self.show_graphic("card", {})  # the card on air follows the take, never shows the old product
        for kind, bound in list(self._bound.items()):   # a callout asked for "the product on air" follows it
            if kind != "card" and any(bound.params.get(name) is None for name in graphic_kind(kind).product_params):
                self.show_graphic(kind, bound.params, bound.duration_s)

    def show_graphic(self, kind: str, params: dict, duration_s: float | None = None) -> None:
        params = validate_graphic_params(kind, params)
        if kind == "card" and params["sku"] is None:
            params["sku"] = self.on_air_sku   # the card names its product: it stays on it until another take
        bound = _Bound(params, duration_s)
        data = self._build(kind, bound)
        if data is None and graphic_kind(kind).conditional and bound.skus:
            self._bound[kind] = bound        # up, and airs as soon as its product's data calls for it
            bound.airing = False
            self.graphics.hide(kind)
            return
        if data is None:
            log.warning("%s cue with no product to show; nothing shown", kind)
            return
        self._bound[kind] = bound
        if kind == "card" and self._countdown is not None and self._countdown.sku == params["sku"]:
            self._card_left_at = None        # its card came back in the same frame: the countdown stays
        if kind == "logo":
            self._logo = data
            data = self._logo_as_aired()
        if self.instant:
            self.graphics.show(kind, data, instant=True)
        else:
            self.graphics.show(kind, data)

    def prerender_card(self, view: ProductView | None) -> None:
        """The card Take would air for the product in Preview, drawn ahead on the renderer thread."""
        if view is not None:
            self.graphics.prerender("card", card_for_show(view, self.utm_campaign))

    def hide_graphic(self, kind: str, reason: str = "control") -> None:
        if kind == "countdown":
            self._drop_ended_face()                # a "Deal ended" face still up goes too
            self._end_countdown(reason)
            return
        card_sku = self.card_sku
        self._bound.pop(kind, None)
        if kind == "logo":
            self._logo = None
        self.graphics.hide(kind)
        if kind == "card" and self._countdown is not None and self._countdown.sku is not None \
                and self._countdown.sku == card_sku:
            # It leaves at settle(), once this frame's commands and cues ran: a jump to the segment on air
            # hides its card and its cue shows it again in the same frame, and the card never left the picture.
            self._card_left_at = self._countdown
        if kind == "card":
            self._drop_ended_face()

    def _drop_ended_face(self, unless_sku: str | None = None) -> None:
        """A "Deal ended" face leaves with its product (taken off the card, or another taken)."""
        if self._ended_face_sku is not None and self._ended_face_sku != unless_sku:
            self._ended_face_sku = None
            self.graphics.hide("countdown")

    def settle(self) -> None:
        """After a frame's commands and cues: a countdown whose product's card was hidden, and not shown
        again since, leaves with it."""
        left, self._card_left_at = self._card_left_at, None
        if left is not None and left is self._countdown:
            self._end_countdown("card_hidden")

    def start_countdown(self, duration_s: float, label: str) -> None:
        """The countdown (a cue's or the API's): one at a time; a running one is replaced (and ends)."""
        if self._countdown is not None:
            self._end_countdown("replaced", hide=False)
        self._ended_face_sku = None                # the new countdown takes the old face's place
        data = build_graphic_data("countdown", {"label": label} if label else {}, self, duration_s)
        self._countdown = Countdown(data.label, data.ends_at_show_time_s, self.on_air_sku)
        # StartCountdown asks for a cut-in (instant): readable on screen from the next frame.
        self.graphics.show("countdown", data, instant=self.instant)

    def cancel_countdown(self, reason: str = "control") -> None:
        self._end_countdown(reason)

    @property
    def countdown(self) -> tuple[str, float] | None:
        """(label, ends at show time) while the countdown runs."""
        return None if self._countdown is None else (self._countdown.label, self._countdown.ends_at_s)

    def set_live(self, live: bool) -> None:
        """The show went live or stopped streaming: the logo on air gains or loses its LIVE badge."""
        if live == self.live:
            return
        self.live = live
        if self._logo is not None:
            self.graphics.update("logo", self._logo_as_aired())

    def _logo_as_aired(self) -> LogoData:
        return dataclasses.replace(self._logo, show_live_badge=self._logo.show_live_badge and self.live)

    def _end_countdown(self, reason: str, hide: bool = True) -> None:
        """The one way a countdown ends: off air, forgotten, and told once (`countdown_end`: its time was up)."""
        if self._countdown is None:
            return
        self._countdown = None
        if hide:
            self.graphics.hide("countdown")
        if self.countdown_ended is not None:
            self.countdown_ended(reason, reason != "countdown_end")

    # -- GraphicContext: what building a graphic's data asks of the show -------------

    @property
    def show_time_s(self) -> float:
        return self._show_time_s

    def product(self, sku: str | None) -> ProductView | None:
        view = self._lookup(sku if sku is not None else self.on_air_sku)
        if view is not None and self._reads is not None:
            self._reads.add(view.sku)
        return view

    def deal_products(self) -> list[ProductView]:
        skus = self.deal_skus
        if not skus:  # a show with no product segments: the catalog's first products
            skus = [sku for (sku,) in self.db.execute("SELECT sku FROM variants ORDER BY rowid LIMIT ?",
                                                      [TICKER_MAX_ITEMS]).fetchall()]
        return [view for sku in skus[:TICKER_MAX_ITEMS] if (view := self.product(sku)) is not None]

    @property
    def current(self) -> ProductView | None:
        """The product on air (taken last), as the catalog has it now."""
        return self._lookup(self.on_air_sku)

    @property
    def card_sku(self) -> str | None:
        """The product on the card on air, if any."""
        card = self._bound.get("card")
        return card.params["sku"] if card is not None else None

    # -- per frame -----------------------------------------------------------------

    def tick(self, show_time_s: float) -> None:
        """Before the frame is composited: re-render every graphic showing a product edited since the last frame."""
        self._show_time_s = show_time_s
        if self._countdown is not None and show_time_s >= self._countdown.ends_at_s:
            # Its time is up: over, for the as-run and the player, while its picture shows "Deal ended" for
            # ENDED_HOLD_S and leaves by itself (or with its product, _drop_ended_face).
            self._ended_face_sku = self._countdown.sku
            self._end_countdown("countdown_end", hide=False)
        try:
            changed = self.views.refresh(self._skus_in_use())
        except sqlite3.Error as error:  # another program locked the file: the graphics stay, the show goes on
            log.warning("could not check the catalog for edits this frame: %s", error)
            return
        if changed:
            self._products_edited(changed)

    def products_changed_by_claims(self, changed: dict[str, tuple[ProductView | None, ProductView | None]]) -> None:
        """Claims held or released units (studio/core/live/claims.py): every graphic showing those products
        re-rendered together, for this frame; the as-run logs the claim, not a stock edit."""
        self._products_edited(changed, log_edit=False)

    def _products_edited(self, changed: dict[str, tuple[ProductView | None, ProductView | None]],
                         log_edit: bool = True) -> None:
        updates = {}
        for kind, bound in self._bound.items():
            if bound.skus & changed.keys():
                data = self._build(kind, bound)
                if graphic_kind(kind).conditional and (data is not None) != bound.airing:
                    bound.airing = data is not None      # its product's data now calls for it, or no longer
                    if data is None:
                        self.graphics.hide(kind)
                    else:
                        self.graphics.show(kind, data)
                elif data is not None:
                    updates[kind] = data
        if updates:
            self.graphics.update_together(updates)   # one frame for all of them, on every canvas
        card_sku = self.card_sku
        if log_edit and card_sku in changed and self.on_air_product_changed is not None:
            before, after = changed[card_sku]
            if before is not None and after is not None:
                self.on_air_product_changed(before, after)

    # -- helpers ---------------------------------------------------------------------

    def _build(self, kind: str, bound: _Bound):
        """The graphic's data from its parameters and the product view; notes the SKUs it read."""
        self._reads = set()
        try:
            data = build_graphic_data(kind, bound.params, self, bound.duration_s)
            bound.skus = frozenset(self._reads)
        finally:
            self._reads = None
        return data

    def _skus_in_use(self) -> set[str]:
        skus = {sku for bound in self._bound.values() for sku in bound.skus}
        if self.on_air_sku:
            skus.add(self.on_air_sku)
        return skus

    def _lookup(self, sku: str | None) -> ProductView | None:
        if not sku:
            return None
        view = self.views.get(sku)
        if view is None:
            log.warning("product %s is not in the catalog; nothing taken", sku)
        return view
