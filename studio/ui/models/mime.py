"""Drag-and-drop payloads shared by the panels: a product (by SKU) and a rundown row."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

PRODUCT_MIME = "application/x-live-shopping-sku"
SEGMENT_MIME = "application/x-live-shopping-segment-row"


def product_mime(sku: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(PRODUCT_MIME, sku.encode("utf-8"))
    mime.setText(sku)
    return mime


def sku_from(mime: QMimeData) -> str | None:
    if not mime.hasFormat(PRODUCT_MIME):
        return None
    return bytes(mime.data(PRODUCT_MIME).data()).decode("utf-8") or None
