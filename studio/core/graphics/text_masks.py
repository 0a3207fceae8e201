"""Text as coverage masks for the pictures that are not graphics layers: the slate and the test card.

Drawn with QPainter in the bundled DejaVu Sans (the renderer's own font machinery, so nothing but
Qt draws text). The slate's text is drawn once, when the slate is; the test card's clock changes
every frame, so its characters are drawn once each (`GlyphStrip`) and a frame's line of text is
their masks laid side by side: no text layout on the frame loop.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.resources import load_bundled_fonts


def _font(pixel_size: int, bold: bool) -> QFont:
    ensure_gui_app()
    families = load_bundled_fonts()
    font = QFont(families[0] if families else "DejaVu Sans")
    font.setPixelSize(max(1, pixel_size))
    font.setBold(bold)
    return font


def text_mask(text: str, pixel_size: int, bold: bool = False) -> np.ndarray:
    """The coverage (0..255) of `text` set in `pixel_size` px: (the font's line height, the text's advance)."""
    font = _font(pixel_size, bold)
    metrics = QFontMetrics(font)
    width, height = max(1, metrics.horizontalAdvance(text)), max(1, metrics.height())
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(0, metrics.ascent(), text)
    painter.end()
    rows = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * height)
    return rows.reshape(height, image.bytesPerLine())[:, :width].copy()


class GlyphStrip:
    """Each character of `characters` drawn once; `mask(text)` lays theirs side by side (no kerning)."""

    def __init__(self, characters: str, pixel_size: int, bold: bool = False) -> None:
        self._glyphs = {character: text_mask(character, pixel_size, bold) for character in dict.fromkeys(characters)}
        self.height = next(iter(self._glyphs.values())).shape[0]

    def mask(self, text: str) -> np.ndarray:
        """(height, total advance) coverage of `text`; characters not drawn at construction are skipped."""
        glyphs = [self._glyphs[character] for character in text if character in self._glyphs]
        return np.hstack(glyphs) if glyphs else np.zeros((self.height, 0), np.uint8)


def paint_mask(picture_bgr: np.ndarray, mask: np.ndarray, left: int, top: int, colour_bgr: tuple[int, int, int]) -> None:
    """`colour_bgr` laid over `picture_bgr` through `mask` at (left, top), clipped to the picture."""
    height, width = picture_bgr.shape[:2]
    right, bottom = min(width, left + mask.shape[1]), min(height, top + mask.shape[0])
    x0, y0 = max(0, left), max(0, top)
    if right <= x0 or bottom <= y0:
        return
    coverage = mask[y0 - top:bottom - top, x0 - left:right - left, None].astype(np.uint16)
    region = picture_bgr[y0:bottom, x0:right]
    colour = np.array(colour_bgr, np.uint16)
    region[:] = ((region * (255 - coverage) + colour * coverage + 127) // 255).astype(np.uint8)
