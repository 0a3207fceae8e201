"""The deals ticker: a fixed heading and a text strip that the compositor scrolls.

The strip holds the items once, plus enough of their start again to fill one
window, so cropping it at (time * speed) mod period scrolls seamlessly forever.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from studio.core.graphics.formatting import format_money
from studio.core.graphics.model import TickerData
from studio.core.graphics.painting import (
    Rendering, TextPainter, fill_rounded, fit_text, make_font, new_layer_image, qcolor, single_line,
)
from studio.core.graphics.theme import Theme

SCROLL_SPEED_PX_S_AT_1080 = 120.0
SEPARATOR = "   •   "


def ticker_text(data: TickerData, locale) -> str:
    return SEPARATOR.join(f"{single_line(item.title)}  {format_money(item.price, item.currency, locale)}"
                          for item in data.items)


def render_ticker(data: TickerData, width: int, height: int, theme: Theme, locale) -> list[Rendering]:
    u = height / 56
    band = new_layer_image(width, height)
    painter = QPainter(band)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    text = TextPainter(painter)
    painter.fillRect(QRectF(0, 0, width, height), qcolor(theme.surface))
    heading = data.heading.upper()
    heading_font, _ = fit_text(theme, heading, QRectF(0, 0, width / 2 - 48 * u, height), 24 * u, bold=True)
    heading_w = QFontMetricsF(heading_font).horizontalAdvance(heading) + 48 * u
    heading_box = QRectF(width * theme.title_safe_margin, 0, min(heading_w, width / 2), height)
    fill_rounded(painter, heading_box, 0, theme.primary)
    text.line("heading", heading, heading_font, theme.on_primary, heading_box, Qt.AlignmentFlag.AlignHCenter)
    painter.end()
    layers = [Rendering(band, text.drawn)]

    line = ticker_text(data, locale)
    if not line:
        return layers
    window_left = int(heading_box.right() + 16 * u)
    window_width = max(1, width - window_left)
    font = make_font(theme, 26 * u)
    period = int(QFontMetricsF(font).horizontalAdvance(line + SEPARATOR)) + 1
    strip = new_layer_image(period + window_width, height)
    painter = QPainter(strip)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(QColor(*theme.on_surface))
    copy_left = 0
    while copy_left < period + window_width:
        painter.drawText(QRectF(copy_left, 0, period, height), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        copy_left += period
    painter.end()
    layers.append(Rendering(
        strip, [("items", line, QRectF(0, 0, period, height))], dx=window_left,
        scroll_period_px=period, window_width=window_width, scroll_speed_px_s=SCROLL_SPEED_PX_S_AT_1080 * u,
    ))
    return layers
