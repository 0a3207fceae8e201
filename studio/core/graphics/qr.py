"""QR codes for product URLs, drawn with whole-pixel modules so a phone can read them off video."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Iterable

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from studio.lazy_modules import import_lazily

# segno's writers import urllib.request (through xml.sax.saxutils): OpenSSL and 6.7 MiB for nothing here.
import_lazily("urllib.request")
import segno  # noqa: E402 - after the line above

# Below three pixels a module, detectors (OpenCV's, and phones filming a screen) start to miss codes.
READABLE_MODULE_PX = 3
# The standard asks for four modules of quiet zone; scanners need it to find the code.
QUIET_ZONE_MODULES = 4


QR_CACHE_SIZE = 64


@lru_cache(maxsize=QR_CACHE_SIZE)
def qr_modules(text: str) -> np.ndarray:
    """The code's dark modules as a bool matrix, without quiet zone (cached: segno's mask search is
    pure Python, 40-120 ms for a product URL on this machine, too long for one frame)."""
    # Error level M survives video compression and the slight blur of a phone camera.
    code = segno.make(text, error="m", micro=False, boost_error=False)
    return np.array([list(row) for row in code.matrix], dtype=bool)


def warm_qr_codes(texts: Iterable[str | None]) -> threading.Thread:
    """Encode the codes a show is going to put on air on a background thread, ahead of time, so the
    first take of a product does not stall the frame loop for a whole encode (it did: 120 ms, a
    take-to-air of several frames and, in the soak, late frames each time the card changed)."""
    wanted = [text for text in dict.fromkeys(texts) if text][:QR_CACHE_SIZE]
    thread = threading.Thread(target=lambda: [qr_modules(text) for text in wanted], name="warm QR codes", daemon=True)
    thread.start()
    return thread


def qr_total_modules(text: str) -> int:
    """Modules across the code, quiet zone included."""
    return qr_modules(text).shape[0] + 2 * QUIET_ZONE_MODULES


def qr_side_px(text: str, box_px: float) -> tuple[int, int]:
    """(module size, total side) of the largest whole-pixel QR code, quiet zone included, in the box."""
    modules = qr_total_modules(text)
    module_px = max(1, int(box_px // modules))
    return module_px, module_px * modules


def draw_qr(painter: QPainter, text: str, left: int, top: int, module_px: int) -> QRectF:
    """Draw the code (white quiet zone included) with its top-left corner at a whole pixel."""
    matrix = qr_modules(text)
    with_quiet_zone = np.pad(matrix, QUIET_ZONE_MODULES, constant_values=False)
    grey = np.where(with_quiet_zone, 0, 255).astype(np.uint8)
    grey = np.ascontiguousarray(np.repeat(np.repeat(grey, module_px, axis=0), module_px, axis=1))
    side = grey.shape[0]
    image = QImage(grey.data, side, side, side, QImage.Format.Format_Grayscale8)
    painter.fillRect(QRectF(left, top, side, side), QColor(255, 255, 255))
    # drawImage copies the pixels before `grey` goes out of scope.
    painter.drawImage(int(left), int(top), image)
    return QRectF(left, top, side, side)
