"""The product card: picture, title, variant, prices, discount badge, stock and QR code."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from studio.core.graphics.formatting import discount_percent, format_discount_badge, format_money
from studio.core.graphics.images import placeholder_image, product_image
from studio.core.graphics.model import ProductCardData
from studio.core.graphics.painting import (
    Rendering,
    TextPainter,
    fill_rounded,
    fitted_font,
    make_font,
    new_layer_image,
    rounded_rect_path,
)
from studio.core.graphics.qr import READABLE_MODULE_PX, draw_qr, qr_side_px, qr_total_modules
from studio.core.graphics.theme import Theme

DESIGN_HEIGHT = 300
BUY_PROMPT = "Scan to buy"


def stock_label(stock: int | None, low_stock_threshold: int) -> str:
    if stock is None:
        return ""
    if stock <= 0:
        return "Sold out"
    if stock <= low_stock_threshold:
        return f"Only {stock} left"
    return "In stock"


def render_card(data: ProductCardData, width: int, height: int, theme: Theme, locale) -> Rendering:
    product = data.product
    u = height / DESIGN_HEIGHT
    pad = 20 * u
    sold_out = product.stock is not None and product.stock <= 0
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    text = TextPainter(painter)
    card = QRectF(0, 0, width, height)
    card_shape = rounded_rect_path(card, theme.corner_radius * u)
    painter.fillPath(card_shape, QColor(*theme.surface))
    painter.setClipPath(card_shape)
    painter.fillRect(QRectF(0, 0, 8 * u, height), QColor(*theme.primary))

    picture_box = QRectF(pad, pad, 180 * u, 180 * u)
    _draw_picture(painter, product.image_path, picture_box, sold_out, theme, text, u)

    percent = discount_percent(product.price, product.compare_at_price)
    if percent is not None and not sold_out:
        _draw_badge(painter, text, format_discount_badge(percent, locale), picture_box, theme, u)

    label = stock_label(product.stock, data.low_stock_threshold)
    if product.claimed:     # viewers' claims hold units (docs/comments.md): "12 claimed · Only 3 left"
        label = f"{product.claimed} claimed" + (f" · {label}" if label else "")
    if label:
        _draw_stock(painter, text, label, sold_out, product.stock, data.low_stock_threshold,
                    QRectF(pad, picture_box.bottom() + 14 * u, picture_box.width(), 48 * u), theme, u)

    text_right = width - pad
    if not sold_out and data.qr_url:
        # A sold-out card never invites a purchase, and a product without a page has nowhere to send
        # the viewer: no QR code, no prompt.
        # On small canvases the code grows past its design size, up to what the card's height allows, to stay scannable.
        readable_px = READABLE_MODULE_PX * qr_total_modules(data.qr_url)
        module_px, qr_px = qr_side_px(data.qr_url, max(170 * u, min(readable_px, height - 2 * pad - 30 * u)))
        qr_left = int(width - pad - qr_px)
        qr_top = int(pad)
        draw_qr(painter, data.qr_url, qr_left, qr_top, module_px)
        text.line("prompt", BUY_PROMPT, make_font(theme, 22 * u, bold=True), theme.on_surface,
                  QRectF(qr_left - 10 * u, qr_top + qr_px + 6 * u, qr_px + 20 * u, 34 * u), Qt.AlignmentFlag.AlignHCenter)
        text_right = qr_left - 20 * u

    column = QRectF(picture_box.right() + 20 * u, pad, max(1.0, text_right - picture_box.right() - 20 * u), height - 2 * pad)
    _draw_text_column(text, data, column, sold_out, theme, locale, u)
    painter.end()
    return Rendering(image, text.drawn)


def _draw_picture(painter, image_path, box: QRectF, sold_out: bool, theme: Theme, text: TextPainter, u: float) -> None:
    picture = product_image(image_path, int(box.width()), int(box.height()))
    if picture is None:
        picture = placeholder_image(int(box.width()), int(box.height()))
    painter.save()
    painter.setClipPath(rounded_rect_path(box, theme.corner_radius * u * 0.6), Qt.ClipOperation.IntersectClip)
    painter.fillRect(box, QColor(255, 255, 255))
    painter.drawImage(
        int(box.left() + (box.width() - picture.width()) / 2),
        int(box.top() + (box.height() - picture.height()) / 2),
        picture,
    )
    if sold_out:
        painter.fillRect(box, QColor(0, 0, 0, 150))
        text.line("sold_out_stamp", "SOLD OUT", make_font(theme, 26 * u, bold=True), theme.on_primary,
                  box, Qt.AlignmentFlag.AlignHCenter)
    painter.restore()


def _draw_badge(painter, text: TextPainter, badge: str, picture_box: QRectF, theme: Theme, u: float) -> None:
    font = make_font(theme, 24 * u, bold=True)
    badge_w = min(QFontMetricsF(font).horizontalAdvance(badge) + 20 * u, picture_box.width() - 12 * u)
    box = QRectF(picture_box.left() + 6 * u, picture_box.top() + 6 * u, badge_w, 38 * u)
    fill_rounded(painter, box, 19 * u, theme.primary)
    text.line("badge", badge, font, theme.on_primary, box, Qt.AlignmentFlag.AlignHCenter)


def _draw_stock(painter, text: TextPainter, label: str, sold_out: bool, stock: int | None,
                low_stock_threshold: int, box: QRectF, theme: Theme, u: float) -> None:
    font = fitted_font(theme, label, box.width() - 12 * u, 22 * u, 12 * u)   # "12 claimed · Only 3 left" fits
    if sold_out:
        fill_rounded(painter, box, 10 * u, theme.urgent)
        text.line("stock", label, font, theme.on_primary, box, Qt.AlignmentFlag.AlignHCenter)
    elif stock is not None and stock <= low_stock_threshold:
        fill_rounded(painter, box, 10 * u, theme.accent)
        text.line("stock", label, font, (20, 20, 20, 255), box, Qt.AlignmentFlag.AlignHCenter)
    else:
        text.line("stock", label, fitted_font(theme, label, box.width() - 12 * u, 22 * u, 12 * u, bold=False),
                  theme.muted, box, Qt.AlignmentFlag.AlignHCenter)


def _draw_text_column(text: TextPainter, data: ProductCardData, column: QRectF, sold_out: bool,
                      theme: Theme, locale, u: float) -> None:
    product = data.product
    title_box = QRectF(column.left(), column.top(), column.width(), 72 * u)
    used = text.lines("title", product.title, make_font(theme, 28 * u, bold=True), theme.on_surface, title_box, max_lines=2)
    y = max(used.bottom(), column.top() + 34 * u) + 4 * u
    if product.variant_title:
        text.line("variant", product.variant_title, make_font(theme, 22 * u), theme.muted,
                  QRectF(column.left(), y, column.width(), 30 * u))
        y += 34 * u
    price = format_money(product.price, product.currency, locale)
    price_font = fitted_font(theme, price, column.width(), 54 * u, 20 * u)
    text.line("price", price, price_font, theme.muted if sold_out else theme.accent,
              QRectF(column.left(), y, column.width(), 64 * u))
    y += 64 * u
    if discount_percent(product.price, product.compare_at_price) is not None:
        compare_font = make_font(theme, 24 * u)
        compare_font.setStrikeOut(True)
        text.line("compare_at", format_money(product.compare_at_price, product.currency, locale), compare_font,
                  theme.muted, QRectF(column.left(), y, column.width(), 32 * u))
