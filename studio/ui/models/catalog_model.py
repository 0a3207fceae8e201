"""The catalog: one row per variant (GetCatalog `products`), price and stock editable inline.

An edit is checked by a pure validator. Invalid: setData returns False, nothing
changes, `edit_refused(message)` tells the panel what to show. Valid: the cell shows
the new value and `edit_requested(sku, field, value)` asks the engine to save it;
the engine's catalog event brings the saved value back.
`CatalogFilter` searches title, SKU and category and filters by category.
"""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QMimeData, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QPixmap

from studio.ui.models.dict_table import Column, DictTableModel, Index
from studio.ui.models.mime import PRODUCT_MIME, product_mime
from studio.ui.locale_format import current, integer, money
from studio.ui.stock_tone import TONE_COLOURS, stock_tip, stock_tone
from studio.ui.validators import check_price, check_stock

PRICE_COLUMN, STOCK_COLUMN = 3, 4
SKU_ROLE = Qt.ItemDataRole.UserRole + 1
IMAGE_ROLE = Qt.ItemDataRole.UserRole + 2


def _stock_text(product: dict) -> str:
    stock = product.get("stock")
    return "" if stock is None else integer(stock)


class CatalogModel(DictTableModel):
    key_field = "sku"
    edit_requested = Signal(str, str, str)     # sku, "price" | "stock", value as text
    edit_refused = Signal(str)

    columns = (
        Column("SKU", lambda p: p.get("sku", "")),
        Column("Product", lambda p: " – ".join(x for x in (p.get("title"), p.get("variant_title")) if x)),
        Column("Category", lambda p: p.get("category") or ""),
        Column("Price", lambda p: money(p.get("price", ""), p.get("currency", "")), align_right=True),
        Column("Stock", _stock_text, align_right=True),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thumbnails: dict[str, QPixmap] = {}

    def thumbnail(self, product: dict) -> QPixmap | None:
        """The GetCatalog thumbnail (base64 JPEG), decoded once per product."""
        encoded = product.get("image_thumbnail")
        sku = product.get("sku", "")
        if not encoded:
            return None
        if sku not in self._thumbnails:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(base64.b64decode(encoded), "JPG")
            except (binascii.Error, ValueError):
                pass
            self._thumbnails[sku] = pixmap.scaledToHeight(40, Qt.TransformationMode.SmoothTransformation) \
                if not pixmap.isNull() else pixmap
        pixmap = self._thumbnails[sku]
        return None if pixmap.isNull() else pixmap

    def set_rows(self, rows) -> None:
        self._thumbnails.clear()
        super().set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return self.thumbnail(self.row_dict(index.row()))
        if index.isValid() and role == Qt.ItemDataRole.EditRole and index.column() == PRICE_COLUMN:
            return str(self.row_dict(index.row()).get("price", ""))
        if index.isValid() and index.column() == STOCK_COLUMN and role in (Qt.ItemDataRole.ForegroundRole,
                                                                          Qt.ItemDataRole.ToolTipRole):
            stock = self.row_dict(index.row()).get("stock")      # low amber, sold out red (studio/ui/stock_tone.py)
            if role == Qt.ItemDataRole.ToolTipRole:
                return stock_tip(stock)
            tone = stock_tone(stock)
            return QColor(TONE_COLOURS[tone]) if tone else None
        if index.isValid() and role == SKU_ROLE:
            return self.row_dict(index.row()).get("sku")
        if index.isValid() and role == IMAGE_ROLE:
            return self.row_dict(index.row()).get("image_path")
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (PRICE_COLUMN, STOCK_COLUMN):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole \
                or index.column() not in (PRICE_COLUMN, STOCK_COLUMN):
            return False
        product = self.row_dict(index.row())
        sku = product.get("sku", "")
        if index.column() == PRICE_COLUMN:
            field = "price"
            checked, error = check_price(str(value), product.get("currency", ""), f"{sku} price",
                                         decimal_point=current().decimalPoint())
        else:
            field = "stock"
            checked, error = check_stock(str(value), f"{sku} stock")
        if error is not None:
            self.edit_refused.emit(error)
            return False
        product[field] = str(checked) if field == "price" else checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.edit_requested.emit(sku, field, str(checked))
        return True

    def mimeTypes(self) -> list[str]:
        return [PRODUCT_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return product_mime(self.row_dict(rows[0]).get("sku", "")) if rows else QMimeData()


class CatalogFilter(QSortFilterProxyModel):
    """Search text over title, SKU and category; optional exact category."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._category = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        product = self.sourceModel().row_dict(source_row)
        if self._category and (product.get("category") or "") != self._category:
            return False
        haystack = " ".join(str(product.get(k) or "") for k in ("title", "variant_title", "sku", "category"))
        return self._text in haystack.casefold()
