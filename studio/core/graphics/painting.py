"""Drawing helpers shared by the renderers: layer images, fonts, fitted text.

Every text a renderer draws goes through `TextPainter`, which records the box
the text really occupies, so tests can prove that no title leaves its card.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath

from studio.core.graphics.theme import Rgba, Theme


def new_layer_image(width: int, height: int) -> QImage:
    image = QImage(max(1, int(width)), max(1, int(height)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def bgra_view(image: QImage) -> np.ndarray:
    """The image's pixels as an HxWx4 uint8 array (B, G, R, A premultiplied), sharing its memory."""
    if image.format() != QImage.Format.Format_ARGB32_Premultiplied:
        raise ValueError("layers are premultiplied ARGB32 images")
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)


def qcolor(rgba: Rgba, alpha_scale: float = 1.0) -> QColor:
    red, green, blue, alpha = rgba
    return QColor(red, green, blue, round(alpha * alpha_scale))


def make_font(theme: Theme, pixel_size: float, bold: bool = False) -> QFont:
    font = QFont(theme.font_family)
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    # Graphics are broadcast at fixed sizes; hinting would change glyph widths between sizes.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def rounded_rect_path(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    radius = max(0.0, min(radius, rect.width() / 2, rect.height() / 2))
    path.addRoundedRect(rect, radius, radius)
    return path


def fill_rounded(painter: QPainter, rect: QRectF, radius: float, rgba: Rgba) -> None:
    painter.fillPath(rounded_rect_path(rect, radius), qcolor(rgba))


_BREAKING_WHITESPACE = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")


# Real scripts stack at most a few marks on a letter (Vietnamese two, Thai two, Tibetan four);
# more is "zalgo" text, which would smear over the neighbouring lines.
MAX_STACKED_MARKS = 4


def limit_stacked_marks(text: str) -> str:
    kept, run = [], 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) or unicodedata.category(ch) == "Me" else 0
        if run <= MAX_STACKED_MARKS:
            kept.append(ch)
    return "".join(kept)


def single_line(text: str) -> str:
    """Newlines and runs of spaces become one space; no-break spaces stay, or "24,90 €" could split."""
    return limit_stacked_marks(_BREAKING_WHITESPACE.sub(" ", text).strip())


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most `max_lines`; the last line ends with an ellipsis if text is left over.

    Words wider than the box are broken by character, so a 60-letter SKU-like
    title still fits instead of running out of the card.
    """
    metrics = QFontMetricsF(font)
    lines, rest = _wrap(text, metrics, width, max_lines)
    if rest and lines:
        lines[-1] = metrics.elidedText(" ".join([lines[-1], *rest]), Qt.TextElideMode.ElideRight, width)
    return [line for line in lines if line]


def _wrap(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> tuple[list[str], list[str]]:
    """(lines, words left over) of a greedy wrap. Each measurement is of one line at most, so a
    long text never holds the interpreter in one long shaping call."""
    fits = lambda candidate: metrics.horizontalAdvance(candidate) <= width  # noqa: E731
    words = single_line(text).split(" ") if text.strip() else []
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(lines) < max_lines:
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            index += 1
            continue
        if current:
            lines.append(current)
            current = ""
            continue
        # A single word wider than the line (or a script written without spaces): as many characters
        # as fit, found by halving.
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if fits(word[:middle]):
                low = middle
            else:
                high = middle - 1
        lines.append(word[:low])
        words[index] = word[low:]
    if current and len(lines) < max_lines:
        lines.append(current)
    return lines, words[index:] if index < len(words) else []


@dataclass
class TextPainter:
    """Draws text and remembers where each piece landed (role, text, bounds)."""

    painter: QPainter
    drawn: list[tuple[str, str, QRectF]] = field(default_factory=list)

    def line(self, role: str, text: str, font: QFont, rgba: Rgba, box: QRectF, align=Qt.AlignmentFlag.AlignLeft) -> QRectF:
        """One line, elided to the box width and vertically centred in the box."""
        metrics = QFontMetricsF(font)
        shown = metrics.elidedText(single_line(text), Qt.TextElideMode.ElideRight, box.width())
        if not shown:
            return QRectF(box.topLeft(), box.topLeft())
        self.painter.setFont(font)
        self.painter.setPen(qcolor(rgba))
        flags = int(align) | int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextSingleLine)
        # Ink stays in its lines: marks stacked above a letter must not reach the line above or leave the
        # card. Sideways a glyph may overhang its box a little (the hook of a J), as it always could.
        overhang = font.pixelSize() / 4
        self.painter.save()
        self.painter.setClipRect(box.adjusted(-overhang, 0, overhang, 0), Qt.ClipOperation.IntersectClip)
        bounds = self.painter.drawText(box, flags, shown)
        self.painter.restore()
        self.drawn.append((role, shown, bounds))
        return bounds

    def fitted(self, role: str, text: str, theme: Theme, rgba: Rgba, box: QRectF, largest_px: float,
               max_lines: int = 1, bold: bool = False, align=Qt.AlignmentFlag.AlignLeft) -> QRectF:
        """The whole text, shrunk until it fits the box: one line centred in its height, or wrapped
        onto up to `max_lines` from its top."""
        font, lines = fit_text(theme, text, box, largest_px, max_lines, bold)
        line_height = QFontMetricsF(font).lineSpacing() if max_lines > 1 else box.height()
        top = box.top()
        used = QRectF(box.topLeft(), box.topLeft())
        for number, text_line in enumerate(lines):
            line_box = QRectF(box.left(), top + number * line_height, box.width(), line_height)
            used = used.united(self.line(role, text_line, font, rgba, line_box, align))
        return used

    def lines(self, role: str, text: str, font: QFont, rgba: Rgba, box: QRectF, max_lines: int, align=Qt.AlignmentFlag.AlignLeft) -> QRectF:
        """Wrapped text from the top of the box; returns the box the lines used."""
        metrics = QFontMetricsF(font)
        line_height = metrics.lineSpacing()
        max_lines = max(1, min(max_lines, int(box.height() // line_height) or 1))
        used = QRectF(box.topLeft(), box.topLeft())
        for number, text_line in enumerate(wrap_lines(text, font, box.width(), max_lines)):
            line_box = QRectF(box.left(), box.top() + number * line_height, box.width(), line_height)
            used = used.united(self.line(role, text_line, font, rgba, line_box, align))
        return used


def fit_text(theme: Theme, text: str, box: QRectF, largest_px: float, max_lines: int = 1,
             bold: bool = False) -> tuple[QFont, list[str]]:
    """The largest font (from `largest_px` down) at which the whole text fits the box on at most
    `max_lines` lines, and those lines. Nothing is elided: text within its kind's limit
    (studio/core/graphics/kinds.py) always fits, the limit keeps it legible."""
    size = largest_px
    while True:
        font = make_font(theme, size, bold)
        metrics = QFontMetricsF(font)
        room = max(1, min(max_lines, int(box.height() // metrics.lineSpacing())))
        lines, rest = _wrap(text, metrics, box.width(), room)
        if not rest or size <= 1:
            return font, lines
        size *= 0.9


def fitted_font(theme: Theme, text: str, width: float, largest_px: float, smallest_px: float, bold: bool = True) -> QFont:
    """The largest font size (down to `smallest_px`) at which one line of text fits the width."""
    size = largest_px
    while size > smallest_px:
        font = make_font(theme, size, bold)
        if QFontMetricsF(font).horizontalAdvance(text) <= width:
            return font
        size *= 0.92
    return make_font(theme, smallest_px, bold)


@dataclass
class Rendering:
    """One pre-rendered layer of a graphic, placed at (dx, dy) inside the graphic's box.

    A strip with `scroll_period_px` > 0 is wider than its window: the compositor
    shows `window_width` pixels of it, sliding by `scroll_speed_px_s` and wrapping
    every period, so a ticker scrolls without drawing any text per frame.
    """

    image: QImage
    drawn: list[tuple[str, str, QRectF]] = field(default_factory=list)
    dx: int = 0
    dy: int = 0
    scroll_period_px: int = 0
    window_width: int = 0
    scroll_speed_px_s: float = 0.0
