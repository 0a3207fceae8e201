"""Graphics refer to products by SKU (issue 22 item 2): an edit of price, compare-at price, stock or
title re-renders every graphic that shows the product, on both canvases, on the same frame.

Each frame is driven as the engine drives it (the show's frame hook, then the composite of the
main canvas, then the vertical canvas drawn from the same state); what each canvas drew is read
back as the data its layers were rendered from, and as their pixels.
"""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal

import numpy as np
import pytest

from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.graphics import program as program_module
from studio.core.graphics.model import PriceCalloutData, ProductCardData, TickerData
from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.graphics.program import ProgramGraphics
from studio.core.show.catalog import Catalog
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.core.show_graphics import ShowGraphicsTarget

W, H, VW, VH = 640, 360, 360, 640
SKU, OTHER = "TV-55-4K", "HP-NC-BLK"
CANVASES = {LANDSCAPE: (H, W), VERTICAL: (VH, VW)}
PRODUCT_KINDS = ("card", "callout", "ticker")


def _edit_title(db, db_path):
    other = sqlite3.connect(db_path)   # an import or another tool: only the database says so
    with other:
        other.execute("UPDATE products SET title = 'Brand-new title' "
                      "WHERE id = (SELECT product_id FROM variants WHERE sku = ?)", [SKU])
    other.close()


EDITS = {
    "price": lambda db, db_path: Catalog(db).edit_price(SKU, "179.99"),
    "compare_at": lambda db, db_path: Catalog(db).edit_price(SKU, Catalog(db).variant(SKU).price, compare_at="999.00"),
    "stock": lambda db, db_path: Catalog(db).edit_stock(SKU, 0),
    "title": _edit_title,
}


def shown(kind: str, data) -> dict:
    """What `kind` shows of the product SKU (empty: it does not show it)."""
    if isinstance(data, ProductCardData):
        view = data.product
        return {"price": view.price, "compare_at": view.compare_at_price, "stock": view.stock, "title": view.title}
    if isinstance(data, PriceCalloutData):
        return {"price": data.price}
    if isinstance(data, TickerData):
        item = next((item for item in data.items if item.title in ("Brand-new title", '55" 4K Smart TV')), None)
        return {"price": item and item.price, "title": item and item.title, "stock": item is None}
    raise AssertionError(kind)


class Show:
    def __init__(self, db, db_path, render_ahead: bool):
        apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
        self.db, self.db_path = db, db_path
        self.graphics = ProgramGraphics(W, H, extra_canvases={VERTICAL: (VW, VH)}, render_ahead=render_ahead)
        self.target = ShowGraphicsTarget(self.graphics, db, "friday", deal_skus=[SKU, OTHER])
        self.t = 0.0
        self.pixels: dict[tuple[str, str], bytes] = {}

    def frame(self) -> dict[str, dict[str, object]]:
        """One engine frame; what each canvas drew, by kind."""
        self.t += 1 / 30
        self.target.tick(self.t)
        frames = {canvas: np.zeros((*shape, 3), np.uint8) for canvas, shape in CANVASES.items()}
        self.graphics.composite(frames[LANDSCAPE], self.t)
        self.graphics.draw(VERTICAL, frames[VERTICAL], self.t)
        return {canvas: self.graphics.drawn_data(canvas) for canvas in CANVASES}

    def settle(self, frames: int = 40) -> dict[str, dict[str, object]]:
        for _ in range(frames):
            drawn = self.frame()
            time.sleep(0.002)
        return drawn


@pytest.fixture(params=[False, True], ids=["inline", "render_ahead"])
def render_ahead(request):
    return request.param


@pytest.mark.parametrize("field", EDITS)
@pytest.mark.parametrize("kinds", [("card",), ("callout",), ("ticker",), PRODUCT_KINDS], ids="+".join)
def test_an_edit_reaches_every_graphic_showing_the_product_on_the_same_frame(db, db_path, render_ahead, kinds, field):
    show = Show(db, db_path, render_ahead)
    try:
        show.target.take_product(SKU)
        for kind in kinds:
            show.target.show_graphic(kind, {})
        before = show.settle()
        for canvas in CANVASES:
            assert set(before[canvas]) == set(kinds), canvas
        showing = [kind for kind in kinds if field in shown(kind, before[LANDSCAPE][kind])]
        EDITS[field](db, db_path)
        changed_at: dict[tuple[str, str], int] = {}
        expected = {(canvas, kind) for canvas in CANVASES for kind in showing}
        deadline, last = time.monotonic() + 5.0, None   # a loaded machine renders late: frames go on meanwhile
        for index in range(10_000):
            drawn = show.frame()
            for canvas in CANVASES:
                for kind in showing:
                    value = shown(kind, drawn[canvas][kind])[field]
                    if value != shown(kind, before[canvas][kind])[field]:
                        changed_at.setdefault((canvas, kind), index)
            if set(changed_at) == expected and last is None:
                last = index + 10          # a few frames more: nothing changes back
            if index == last or time.monotonic() > deadline or (not expected and index >= 30):
                break
            time.sleep(0.002)
        if not expected:   # e.g. the callout shows no compare-at price
            assert changed_at == {}
            return
        assert set(changed_at) == expected, f"never re-rendered: {expected - set(changed_at)}"
        assert len(set(changed_at.values())) == 1, f"the graphics changed on different frames: {changed_at}"
    finally:
        show.graphics.close()


def test_the_callout_refers_to_the_product_by_sku(db, db_path):
    """The defect as the producer saw it: card $179.99, callout still $199.99 (here 298.00)."""
    show = Show(db, db_path, render_ahead=False)
    try:
        show.target.take_product(SKU)
        show.target.show_graphic("card", {})
        show.target.show_graphic("callout", {"text": "Only today"})
        show.settle(2)
        Catalog(db).edit_price(SKU, "179.99")
        drawn = show.frame()
        for canvas in CANVASES:
            assert drawn[canvas]["card"].product.price == Decimal("179.99")
            assert drawn[canvas]["callout"].price == Decimal("179.99"), canvas
            assert drawn[canvas]["callout"].label == "Only today"
    finally:
        show.graphics.close()


def test_a_slow_render_holds_every_graphic_of_the_edit_back_together(db, db_path, monkeypatch):
    """With the renderer thread, a callout that takes longer than a frame's wait to draw does not
    leave the card a frame ahead of it: the edit's layers are swapped in together."""
    from studio.core.graphics import render_jobs

    render = render_jobs.render_layers

    def slow(kind, *args):
        if kind == "callout":
            time.sleep(0.05)
        return render(kind, *args)

    monkeypatch.setattr(render_jobs, "render_layers", slow)
    show = Show(db, db_path, render_ahead=True)
    try:
        show.target.take_product(SKU)
        show.target.show_graphic("card", {})
        show.target.show_graphic("callout", {})
        for _ in range(200):
            drawn = show.frame()
            if all(set(drawn[canvas]) == {"card", "callout"} for canvas in CANVASES):
                break
            time.sleep(0.01)
        Catalog(db).edit_price(SKU, "179.99")
        seen, deadline = [], time.monotonic() + 5.0
        while time.monotonic() < deadline and (len(seen) < 40 or seen[-1] != ("179.99",) * 4):
            time.sleep(0.01)
            drawn = show.frame()
            seen.append(tuple(str(drawn[canvas][kind].product.price if kind == "card" else drawn[canvas][kind].price)
                              for canvas in CANVASES for kind in ("card", "callout")))
        assert all(len(set(prices)) == 1 for prices in seen), seen
        assert seen[-1] == ("179.99",) * 4
    finally:
        show.graphics.close()
