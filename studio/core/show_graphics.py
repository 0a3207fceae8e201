"""Plays a rundown's cues on the program graphics: the bridge from show data to pixels.

The rundown player speaks in SKUs and cue parameters; the graphics take plain
data. This target looks products up in the show database when they are taken,
and re-reads the product on air when the database changes (a price or stock
edit from the UI or from `studio catalog set-price` in another process), so the
card on air is never older than one check interval.

What stays and what goes (issue 22): a countdown belongs to the product on air when it
started, so it leaves when another product is taken or that product's card is hidden;
the logo's LIVE badge is drawn only while the show is live (`set_live`, from the session).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from typing import Callable

import sqlite_utils

from studio.core.graphics.kinds import build_graphic_data
from studio.core.graphics.model import LogoData, ProductView, card_for_show
from studio.core.graphics.qr import warm_qr_codes
from studio.core.graphics.program import ProgramGraphics
from studio.core.show.catalog import VariantSnapshot, find_variant

log = logging.getLogger(__name__)

# PRAGMA data_version costs microseconds: check every frame, so an edit made in
# another process is on air on the next frame after its commit.
CHANGE_CHECK_INTERVAL_S = 0.0
TICKER_MAX_ITEMS = 12
DEFAULT_BRAND = "Live"  # the logo's brand when a cue names none


def product_view(snapshot: VariantSnapshot) -> ProductView:
    return ProductView(
        sku=snapshot.sku, title=snapshot.title, variant_title=snapshot.variant_title,
        price=snapshot.price, compare_at_price=snapshot.compare_at_price, currency=snapshot.currency,
        stock=snapshot.stock, image_path=snapshot.image_path, product_url=snapshot.product_url,
    )


class ShowGraphicsTarget:
    """Implements the rundown player's CueTarget on a ProgramGraphics."""

    def __init__(self, graphics: ProgramGraphics, db: sqlite_utils.Database, utm_campaign: str, brand: str = DEFAULT_BRAND,
                 on_air_product_changed: Callable[[ProductView, ProductView], None] | None = None,
                 deal_skus: list[str] | None = None,
                 countdown_left: Callable[[str], None] | None = None):
        """`on_air_product_changed(before, after)` hears of edits to the product on the card;
        `deal_skus` are the show's products, which the ticker lists as today's deals;
        `countdown_left(reason)` hears of a countdown taken off air by this target (its product left)."""
        self.graphics = graphics
        self.deal_skus = list(dict.fromkeys(deal_skus or []))
        self.on_air_product_changed = on_air_product_changed
        self.db = db
        self.utm_campaign = utm_campaign
        self.brand = brand
        self.current: ProductView | None = None
        self.countdown: tuple[str, float] | None = None  # (label, ends at show time) while one runs
        self.instant = False  # a Cut: the next graphics shown skip their entrance
        self.live = False     # streaming: the logo's LIVE badge is drawn only then
        self.countdown_left = countdown_left
        self._countdown_sku: str | None = None   # the product on air when the countdown started
        self._logo: LogoData | None = None       # the logo as asked for (its badge shown only while live)
        self._card_sku: str | None = None
        # The countdown whose product's card was hidden: it leaves at `settle()`, once the frame's commands ran,
        # unless the card came back (a jump to the segment on air hides its card and its cue shows it again).
        self._orphaned_countdown: tuple[str, float] | None = None
        self._card_view: ProductView | None = None
        self._show_time_s = 0.0
        self._last_check_s = 0.0
        self._data_version = self._read_data_version()
        # The show's products' QR codes, encoded off the frame loop before their first take.
        snapshots = [find_variant(db, sku) for sku in self.deal_skus]
        warm_qr_codes(card_for_show(product_view(s), utm_campaign).qr_url for s in snapshots if s is not None)

    # -- CueTarget ---------------------------------------------------------------

    def take_product(self, sku: str) -> None:
        view = self._lookup(sku)
        if view is None:
            return
        if self.countdown is not None and self._countdown_sku != view.sku:
            self._countdown_leaves("product_taken")   # its deal is over: never over the next product
        self.current = view
        if self._card_sku is not None and self._card_sku != view.sku:
            self.show_graphic("card", {})  # the card on air follows the take, never shows the old product

    def show_graphic(self, kind: str, params: dict) -> None:
        data = build_graphic_data(kind, params, self)
        if data is None:
            log.warning("%s cue with no product to show; nothing shown", kind)
            return
        if kind == "card":
            self._card_sku, self._card_view = data.product.sku, data.product
            self.current = data.product
            if data.product.sku == self._countdown_sku:
                self._orphaned_countdown = None
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

    def hide_graphic(self, kind: str) -> None:
        if kind == "countdown":
            self.countdown = self._countdown_sku = None
        if kind == "logo":
            self._logo = None
        self.graphics.hide(kind)
        if kind == "card":
            if self.countdown is not None and self._countdown_sku is not None and self._countdown_sku == self._card_sku:
                self._orphaned_countdown = self.countdown
            self._card_sku = self._card_view = None

    def start_countdown(self, duration_s: float, label: str) -> None:
        self.countdown = (label or "Deal ends in", self._show_time_s + duration_s)
        self._countdown_sku = self.current.sku if self.current is not None else None
        data = build_graphic_data("countdown", {"label": label} if label else {}, self, duration_s)
        if self.instant:   # StartCountdown: on screen, readable, from the next frame
            self.graphics.show("countdown", data, instant=True)
        else:
            self.graphics.show("countdown", data)

    def set_live(self, live: bool) -> None:
        """The show went live or stopped streaming: the logo on air gains or loses its LIVE badge."""
        if live == self.live:
            return
        self.live = live
        if self._logo is not None:
            self.graphics.update("logo", self._logo_as_aired())

    def _logo_as_aired(self) -> LogoData:
        return dataclasses.replace(self._logo, show_live_badge=self._logo.show_live_badge and self.live)

    def settle(self) -> None:
        """After a frame's commands and cues: a countdown whose product's card was hidden, and not shown
        again in the meantime, leaves with it (in the frame the card started to leave)."""
        orphaned, self._orphaned_countdown = self._orphaned_countdown, None
        if orphaned is not None and orphaned == self.countdown:
            self._countdown_leaves("card_hidden")

    def _countdown_leaves(self, reason: str) -> None:
        self.hide_graphic("countdown")
        if self.countdown_left is not None:
            self.countdown_left(reason)

    # -- GraphicContext: what building a graphic's data asks of the show -------------

    @property
    def show_time_s(self) -> float:
        return self._show_time_s

    def product(self, sku: str | None) -> ProductView | None:
        return self.current if sku is None else self._lookup(sku)

    def deal_products(self) -> list[ProductView]:
        return self._ticker_products()

    @property
    def card_sku(self) -> str | None:
        """The product on the card on air, if any."""
        return self._card_sku

    # -- per frame -----------------------------------------------------------------

    def tick(self, show_time_s: float) -> None:
        self._show_time_s = show_time_s
        if show_time_s - self._last_check_s >= CHANGE_CHECK_INTERVAL_S:
            self._last_check_s = show_time_s
            try:
                self.refresh_if_changed()
            except sqlite3.Error as error:  # another program locked the file: the card stays, the show goes on
                log.warning("could not check the catalog for edits this frame: %s", error)

    def refresh_if_changed(self) -> None:
        """Re-read the product on air if anyone changed the database since the last look."""
        version = self._read_data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self.product_changed()

    def product_changed(self, snapshot: VariantSnapshot | None = None) -> None:
        """Redraw the card on air from fresh data (also a Catalog listener: `(snapshot, field)`)."""
        if self._card_sku is None:
            return
        if snapshot is not None and snapshot.sku != self._card_sku:
            return
        view = product_view(snapshot) if snapshot is not None else self._lookup(self._card_sku)
        if view is None or view == self._card_view:
            return
        before, self._card_view = self._card_view, view
        if self.current is not None and self.current.sku == view.sku:
            self.current = view
        self.graphics.update("card", card_for_show(view, self.utm_campaign))
        if before is not None and self.on_air_product_changed is not None:
            self.on_air_product_changed(before, view)

    # -- helpers ---------------------------------------------------------------------

    def _read_data_version(self) -> tuple[int, int]:
        # PRAGMA data_version changes when another connection commits; total_changes
        # covers commits made through this very connection.
        return (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)

    def _lookup(self, sku: str | None) -> ProductView | None:
        if not sku:
            return None
        snapshot = find_variant(self.db, sku)
        if snapshot is None:
            log.warning("product %s is not in the catalog; nothing taken", sku)
            return None
        return product_view(snapshot)

    def _ticker_products(self) -> list[ProductView]:
        skus = self.deal_skus
        if not skus:  # a show with no product segments: the catalog's first products
            skus = [sku for (sku,) in self.db.execute("SELECT sku FROM variants ORDER BY rowid LIMIT ?",
                                                      [TICKER_MAX_ITEMS]).fetchall()]
        return [view for sku in skus[:TICKER_MAX_ITEMS] if (view := self._lookup(sku)) is not None]
