"""Low stock reads amber and sold out red in the console's catalog, by the host view's rule."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.host_model import LOW_STOCK
from studio.ui.models.catalog_model import STOCK_COLUMN, CatalogModel
from studio.ui.stock_tone import AMBER, RED


def test_the_catalogs_stock_cells_are_amber_when_low_and_red_when_sold_out(qtbot):
    model = CatalogModel()
    model.set_rows([{"sku": "A", "stock": 0}, {"sku": "B", "stock": LOW_STOCK}, {"sku": "C", "stock": LOW_STOCK + 1},
                    {"sku": "D", "stock": None}])
    colours = [model.data(model.index(row, STOCK_COLUMN), Qt.ItemDataRole.ForegroundRole) for row in range(4)]
    assert [colour.name() if colour is not None else None for colour in colours] == [RED, AMBER, None, None]
    tips = [model.data(model.index(row, STOCK_COLUMN), Qt.ItemDataRole.ToolTipRole) for row in range(2)]
    assert tips == ["Sold out", f"Only {LOW_STOCK} left (low stock: {LOW_STOCK} or fewer)"]
