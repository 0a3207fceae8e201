"""The demo show's graphics: every graphic type within each minute, looping, a new product each loop.

The engine calls tick() every frame of `studio broadcast --demo`; the director
only issues ProgramGraphics commands, exactly as a producer or a rundown would.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from studio.core.graphics.model import (
    LowerThirdData,
    LowStockData,
    SoldCounterData,
    ProductView,
    callout_for,
    card_for_show,
    ticker_for,
)
from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_views
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.samples import DEMO_CAMPAIGN, SAMPLE_COMMENT, SAMPLE_LOGO, SAMPLE_LOWER_THIRD, SAMPLE_SLATE

CYCLE_S = 60.0
DEAL_LENGTH_S = 30.0
GUEST = LowerThirdData("Sam Okafor", "Guest · Product specialist")


class DemoDirector:
    def __init__(self, graphics: ProgramGraphics, catalog_path: Path = DEMO_CATALOG_PATH) -> None:
        self._graphics = graphics
        self._products: list[ProductView] = load_product_views(catalog_path)
        if not self._products:
            raise ValueError(f"catalog {catalog_path} has no products to demonstrate")
        self._schedule: list[tuple[float, Callable[[int, float], None]]] = [
            (0.0, lambda cycle, now: graphics.show("logo", SAMPLE_LOGO)),
            (2.0, lambda cycle, now: graphics.show("ticker", ticker_for(self._products))),
            (4.0, lambda cycle, now: graphics.show("lower_third", SAMPLE_LOWER_THIRD)),
            (10.0, lambda cycle, now: graphics.hide("lower_third")),
            (12.0, lambda cycle, now: graphics.show("card", self._card(cycle))),
            (16.0, lambda cycle, now: graphics.show("callout", callout_for(self._product(cycle)))),
            (20.0, lambda cycle, now: graphics.start_countdown(now + DEAL_LENGTH_S)),
            (22.0, lambda cycle, now: graphics.hide("callout")),
            (28.0, lambda cycle, now: graphics.update("card", self._card(cycle, sold=2))),
            (29.0, lambda cycle, now: graphics.show("sold_counter", SoldCounterData(2))),
            (29.0, lambda cycle, now: graphics.show("low_stock", LowStockData(3, 10))),
            (36.0, lambda cycle, now: graphics.hide("sold_counter")),
            (36.0, lambda cycle, now: graphics.hide("low_stock")),
            (30.0, lambda cycle, now: graphics.show("comment", SAMPLE_COMMENT)),
            (38.0, lambda cycle, now: graphics.hide("comment")),
            (40.0, lambda cycle, now: graphics.hide("card")),
            (42.0, lambda cycle, now: graphics.show("lower_third", GUEST)),
            (48.0, lambda cycle, now: graphics.hide("lower_third")),
            (54.0, lambda cycle, now: graphics.show("slate", SAMPLE_SLATE)),
            (58.0, lambda cycle, now: graphics.hide("slate")),
        ]
        self._cycle: int | None = None
        self._next_event = 0
        graphics.warm_qr_codes(card_for_show(product, DEMO_CAMPAIGN).qr_url for product in self._products)

    def _product(self, cycle: int) -> ProductView:
        return self._products[cycle % len(self._products)]

    def _card(self, cycle: int, sold: int = 0):
        product = self._product(cycle)
        if sold and product.stock:
            # Stock ticking down on air shows that a data change reaches the next frame.
            product = dataclasses.replace(product, stock=max(0, product.stock - sold))
        return card_for_show(product, DEMO_CAMPAIGN)

    def tick(self, show_time_s: float) -> None:
        if self._cycle is None:
            # Joining mid-show replays only the current minute, so the picture is right at once.
            self._cycle = int(show_time_s // CYCLE_S)
        while True:
            at_s, action = self._schedule[self._next_event]
            due_s = self._cycle * CYCLE_S + at_s
            if due_s > show_time_s:
                return
            action(self._cycle, due_s)
            self._next_event += 1
            if self._next_event == len(self._schedule):
                self._next_event = 0
                self._cycle += 1
