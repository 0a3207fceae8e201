"""Price callout, lower third, logo bug, comment card and slate: one small renderer each."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPen, QPolygonF

from studio.core.graphics.formatting import format_money
from studio.core.graphics.model import CommentData, LogoData, LowerThirdData, PriceCalloutData, SlateData
from studio.core.graphics.painting import (
    Rendering,
    TextPainter,
    fill_rounded,
    fit_text,
    fitted_font,
    make_font,
    new_layer_image,
    qcolor,
    rounded_rect_path,
)
from studio.core.graphics.theme import Theme

_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing


def _begin(width: int, height: int):
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHints(_HINTS)
    return image, painter, TextPainter(painter)


def render_callout(data: PriceCalloutData, width: int, height: int, theme: Theme, locale) -> Rendering:
    """A star burst in the brand colour: "NOW" over the price, sized to stay inside the burst."""
    image, painter, text = _begin(width, height)
    centre = QPointF(width / 2, height / 2)
    spikes = 16
    burst = QPolygonF()
    for index in range(spikes * 2):
        reach = 1.0 if index % 2 == 0 else 0.82
        angle = math.pi * index / spikes
        burst.append(QPointF(centre.x() + math.cos(angle) * width / 2 * reach,
                             centre.y() + math.sin(angle) * height / 2 * reach))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*theme.primary))
    painter.drawPolygon(burst)
    # The text box is the square inscribed in the inner ellipse, so no glyph touches a spike.
    inner = QRectF(width * 0.5 * (1 - 0.82 * 0.72), height * 0.5 * (1 - 0.82 * 0.72), width * 0.82 * 0.72, height * 0.82 * 0.72)
    label_box = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.32)
    price_box = QRectF(inner.left(), label_box.bottom(), inner.width(), inner.height() - label_box.height())
    text.fitted("label", data.label, theme, theme.on_primary, label_box, label_box.height() * 0.8, max_lines=2,
                bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    price = format_money(data.price, data.currency, locale)
    text.line("price", price, fitted_font(theme, price, price_box.width(), price_box.height() * 0.8, 8), theme.on_primary,
              price_box, Qt.AlignmentFlag.AlignHCenter)
    painter.end()
    return Rendering(image, text.drawn)


def render_lower_third(data: LowerThirdData, width: int, height: int, theme: Theme, locale) -> Rendering:
    image, painter, text = _begin(width, height)
    u = height / 130
    fill_rounded(painter, QRectF(0, 0, width, height), theme.corner_radius * u, theme.surface)
    painter.setClipPath(rounded_rect_path(QRectF(0, 0, width, height), theme.corner_radius * u))
    painter.fillRect(QRectF(0, 0, 12 * u, height), QColor(*theme.primary))
    column = QRectF(36 * u, 0, width - 56 * u, height)
    if data.title:
        text.fitted("name", data.name, theme, theme.on_surface, QRectF(column.left(), 14 * u, column.width(), 58 * u),
                    44 * u, bold=True)
        text.fitted("title", data.title, theme, theme.muted, QRectF(column.left(), 76 * u, column.width(), 40 * u), 28 * u)
    else:
        text.fitted("name", data.name, theme, theme.on_surface, column, 48 * u, bold=True)
    painter.end()
    return Rendering(image, text.drawn)


def render_logo(data: LogoData, width: int, height: int, theme: Theme, locale) -> Rendering:
    """The logo bug: brand name, and a LIVE badge the viewer can trust is really live."""
    image, painter, text = _begin(width, height)
    u = height / 72
    badge_w = 0.0
    if data.show_live_badge:
        badge_font = make_font(theme, 24 * u, bold=True)
        badge_w = QFontMetricsF(badge_font).horizontalAdvance("LIVE") + 48 * u
        badge = QRectF(width - badge_w, 10 * u, badge_w, height - 20 * u)
        fill_rounded(painter, badge, 8 * u, theme.urgent)
        painter.setBrush(QColor(255, 255, 255))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(badge.left() + 16 * u, badge.center().y()), 6 * u, 6 * u)
        text.line("live", "LIVE", badge_font, (255, 255, 255, 255),
                  QRectF(badge.left() + 26 * u, badge.top(), badge_w - 30 * u, badge.height()), Qt.AlignmentFlag.AlignHCenter)
    room = max(1.0, width - badge_w - 12 * u)
    font, _ = fit_text(theme, data.brand, QRectF(0, 0, max(1.0, room - 32 * u), height - 20 * u), 34 * u, bold=True)
    brand_w = min(room, QFontMetricsF(font).horizontalAdvance(data.brand) + 32 * u)
    brand_box = QRectF(room - brand_w, 10 * u, brand_w, height - 20 * u)
    fill_rounded(painter, brand_box, 8 * u, theme.surface)
    text.line("brand", data.brand, font, theme.on_surface, brand_box, Qt.AlignmentFlag.AlignHCenter)
    painter.end()
    return Rendering(image, text.drawn)


# The platform's mark on a comment: its colour and a letter, on a disc at the avatar's corner.
PLATFORM_MARKS = {"YouTube": ((255, 0, 0, 255), "▶"), "Twitch": ((145, 70, 255, 255), "T"),
                  "Facebook": ((24, 119, 242, 255), "f"), "X": ((15, 15, 15, 255), "X"),
                  "TikTok": ((0, 0, 0, 255), "♪"), "Chat": ((90, 100, 115, 255), "…")}


def render_comment(data: CommentData, width: int, height: int, theme: Theme, locale) -> Rendering:
    image, painter, text = _begin(width, height)
    u = height / 180
    fill_rounded(painter, QRectF(0, 0, width, height), theme.corner_radius * u, theme.surface)
    avatar = QRectF(24 * u, 24 * u, 64 * u, 64 * u)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*theme.primary))
    painter.drawEllipse(avatar)
    initial = (data.viewer_name.strip()[:1] or "?").upper()
    text.line("initial", initial, make_font(theme, 34 * u, bold=True), theme.on_primary, avatar, Qt.AlignmentFlag.AlignHCenter)
    mark = PLATFORM_MARKS.get(data.platform)
    if mark is not None:
        colour, letter = mark
        disc = QRectF(avatar.right() - 24 * u, avatar.bottom() - 24 * u, 30 * u, 30 * u)
        painter.setPen(QPen(QColor(*theme.surface), 3 * u))
        painter.setBrush(QColor(*colour))
        painter.drawEllipse(disc)
        painter.setPen(Qt.PenStyle.NoPen)
        text.line("platform_mark", letter, make_font(theme, 16 * u, bold=True), (255, 255, 255, 255), disc,
                  Qt.AlignmentFlag.AlignHCenter)
    column = QRectF(avatar.right() + 20 * u, 20 * u, width - avatar.right() - 44 * u, height - 40 * u)
    header = data.viewer_name if not data.platform else f"{data.viewer_name} · {data.platform}"
    text.fitted("viewer", header, theme, theme.accent, QRectF(column.left(), column.top(), column.width(), 36 * u),
                26 * u, bold=True)
    text.fitted("comment", data.text, theme, theme.on_surface,
                QRectF(column.left(), column.top() + 42 * u, column.width(), column.height() - 42 * u), 26 * u, max_lines=3)
    painter.end()
    return Rendering(image, text.drawn)


def render_slate(data: SlateData, width: int, height: int, theme: Theme, locale) -> Rendering:
    """Full-frame and opaque: it stands in for the camera, so nothing behind it may show through."""
    image, painter, text = _begin(width, height)
    u = min(width / 1920, height / 1080) if width >= height else min(width / 1080, height / 1920)
    gradient = QLinearGradient(0, 0, 0, height)
    gradient.setColorAt(0.0, qcolor(theme.slate_background))
    gradient.setColorAt(1.0, qcolor(theme.primary).darker(260))
    painter.fillRect(QRectF(0, 0, width, height), gradient)
    band = QRectF(width * 0.1, height / 2 - 4 * u, width * 0.8, 8 * u)
    painter.fillRect(band, QColor(*theme.primary))
    headline_box = QRectF(width * 0.08, band.top() - 140 * u, width * 0.84, 120 * u)
    slate_text = (255, 255, 255, 255) if sum(theme.slate_background[:3]) < 384 else theme.on_surface
    text.fitted("headline", data.headline, theme, slate_text, headline_box, 84 * u, bold=True,
                align=Qt.AlignmentFlag.AlignHCenter)
    if data.detail:
        # Room for a long notice: down to the title-safe bottom, as many lines as fit.
        top = band.bottom() + 30 * u
        detail_box = QRectF(width * 0.1, top, width * 0.8, height * (1 - theme.title_safe_margin) - top)
        text.fitted("detail", data.detail, theme, slate_text, detail_box, 36 * u, max_lines=40,
                    align=Qt.AlignmentFlag.AlignHCenter)
    painter.end()
    return Rendering(image, text.drawn)
