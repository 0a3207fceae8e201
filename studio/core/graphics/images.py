"""Product pictures for cards: loaded once, scaled once, and never a crash when missing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from studio.core.graphics.painting import new_layer_image


@lru_cache(maxsize=32)
def _scaled_product_image(path: str, mtime_ns: int, width: int, height: int) -> QImage | None:
    image = QImage(path)
    if image.isNull():
        return None
    scaled = image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return scaled.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def product_image(path: Path | None, width: int, height: int) -> QImage | None:
    """The picture scaled to fit the box, or None when it is missing or cannot be decoded."""
    if path is None:
        return None
    try:
        mtime_ns = Path(path).stat().st_mtime_ns
    except OSError:
        return None
    return _scaled_product_image(str(path), mtime_ns, max(1, width), max(1, height))


def placeholder_image(width: int, height: int) -> QImage:
    """A neutral picture frame with a simple 'image' glyph: obviously a stand-in, never alarming."""
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, width, height), QColor(70, 74, 84))
    pen = QPen(QColor(150, 156, 168))
    pen.setWidthF(max(1.0, min(width, height) * 0.03))
    painter.setPen(pen)
    frame = QRectF(width * 0.25, height * 0.3, width * 0.5, height * 0.4)
    painter.drawRect(frame)
    painter.drawEllipse(QRectF(frame.left() + frame.width() * 0.15, frame.top() + frame.height() * 0.15, frame.width() * 0.2, frame.height() * 0.25))
    painter.drawPolyline([
        frame.bottomLeft(),
        frame.bottomLeft() + (frame.topRight() - frame.bottomLeft()) * 0.45,
        frame.bottomRight() - (frame.bottomRight() - frame.topLeft()) * 0.25,
        frame.bottomRight(),
    ])
    painter.end()
    return image
