"""The sold counter and the low-stock alert are bound to the product's data: orders coming in (rows of
order_lines, as the gateway writes them) and stock taken off by a sale re-render them on both
canvases; a sale leaving the 10-minute window lowers the count by itself."""

from __future__ import annotations

import sqlite3
import time

from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.graphics.model import LowStockData, SoldCounterData
from studio.core.product_views import SOLD_WINDOW_S
from studio.core.show.catalog import Catalog
from tests.graphics.test_bound_graphics import CANVASES, Show

SKU = "HP-NC-BLK"     # stock 3 in the demo catalog; the default threshold is 10


def _sold(db_path, quantity: int, received_s: float, name: str) -> None:
    other = sqlite3.connect(db_path)     # the gateway's own connection
    with other:
        other.execute("INSERT INTO order_deliveries VALUES (?, 'shopify', '')", [name])
        other.execute("INSERT INTO order_lines (delivery_id, order_name, created_at, received_s, sku, quantity, price, "
                      "currency) VALUES (?, ?, '', ?, ?, ?, '129.00', 'USD')", [name, name, received_s, SKU, quantity])
    other.close()


def _until(show: Show, expected: dict, timeout_s: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        drawn = show.frame()
        seen = {canvas: {kind: drawn[canvas].get(kind) for kind in expected} for canvas in CANVASES}
        if all(seen[canvas] == expected for canvas in CANVASES):
            return seen
        assert time.monotonic() < deadline, f"expected {expected}, drawn {seen}"
        time.sleep(0.005)


def test_orders_and_stock_reach_the_social_proof_graphics(db, db_path):
    show = Show(db, db_path, render_ahead=True)
    try:
        show.target.take_product(SKU)
        show.target.show_graphic("card", {})
        show.target.show_graphic("sold_counter", {})
        show.target.show_graphic("low_stock", {})
        _until(show, {"sold_counter": None, "low_stock": LowStockData(3, 10)})   # none sold yet: nothing airs
        now = time.time()
        _sold(db_path, 2, now - SOLD_WINDOW_S + 1.5, "shopify:a")      # leaves the window in 1.5 s
        Catalog(db).take_from_stock(SKU, 2)
        _until(show, {"sold_counter": SoldCounterData(2), "low_stock": LowStockData(1, 10)})
        _sold(db_path, 1, now, "shopify:b")
        Catalog(db).take_from_stock(SKU, 1)
        _until(show, {"sold_counter": SoldCounterData(3), "low_stock": LowStockData(0, 10)})
        # nothing is written now: the first sale leaves the window, and the count follows
        _until(show, {"sold_counter": SoldCounterData(1)}, timeout_s=15)
        assert show.graphics.drawn_data(VERTICAL)["card"].product.stock == 0
        assert show.graphics.drawn_data(LANDSCAPE)["card"].product.sold_recently == 1
    finally:
        show.graphics.close()


def test_a_threshold_set_for_the_product_decides_the_alert(db, db_path):
    show = Show(db, db_path, render_ahead=False)
    try:
        db.execute("UPDATE variants SET low_stock_threshold = 2 WHERE sku = ?", [SKU])
        show.target.take_product(SKU)
        show.target.show_graphic("low_stock", {})
        _until(show, {"low_stock": None})
        Catalog(db).take_from_stock(SKU, 1)
        _until(show, {"low_stock": LowStockData(2, 2)})
    finally:
        show.graphics.close()
