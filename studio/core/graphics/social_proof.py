"""Social proof from orders coming in: "N sold in the last 10 minutes" and the low-stock alert.

Both draw a product's live data (ProductView.sold_recently, .stock and .low_stock_threshold), so a
sale that comes in re-renders them with the card, on the same frame (studio/core/product_views.py).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from studio.core.graphics.model import LowStockData, SoldCounterData
from studio.core.graphics.painting import Rendering, TextPainter, fill_rounded, new_layer_image
from studio.core.graphics.theme import Theme

_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing


def sold_counter_text(data: SoldCounterData) -> str:
    if data.label:
        return data.label.replace("{n}", str(data.count))
    return f"{data.count} sold in the last {data.window_min} minutes"


def low_stock_text(data: LowStockData) -> str:
    return "Sold out" if data.stock <= 0 else f"Only {data.stock} left!"


def _pill(text_value: str, key: str, background, foreground, width: int, height: int, theme: Theme) -> Rendering:
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHints(_HINTS)
    text = TextPainter(painter)
    u = height / 72
    fill_rounded(painter, QRectF(0, 0, width, height), min(height / 2, theme.corner_radius * u * 2), background)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*foreground))
    dot = QRectF(20 * u, height / 2 - 8 * u, 16 * u, 16 * u)
    painter.drawEllipse(dot)
    box = QRectF(dot.right() + 14 * u, 8 * u, width - dot.right() - 34 * u, height - 16 * u)
    text.fitted(key, text_value, theme, foreground, box, 34 * u, bold=True)
    painter.end()
    return Rendering(image, text.drawn)


def render_sold_counter(data: SoldCounterData, width: int, height: int, theme: Theme, locale) -> Rendering:
    return _pill(sold_counter_text(data), "sold", theme.surface, theme.on_surface, width, height, theme)


def render_low_stock(data: LowStockData, width: int, height: int, theme: Theme, locale) -> Rendering:
    return _pill(low_stock_text(data), "low_stock", theme.urgent, theme.on_primary, width, height, theme)
