"""The flash-deal countdown's picture: one face (countdown_clock.py) in the show's locale."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from studio.core.graphics.countdown_clock import ENDED_TEXT, CountdownFace, countdown_face
from studio.core.graphics.formatting import format_clock
from studio.core.graphics.model import CountdownData
from studio.core.graphics.painting import Rendering, TextPainter, fill_rounded, fitted_font, make_font, new_layer_image
from studio.core.graphics.theme import Theme


def face_readout(face: CountdownFace, locale) -> str:
    """The big text: the time left (05:00, in the locale's digits), or that the deal has ended."""
    return ENDED_TEXT if face.ended else format_clock(face.seconds, locale)


def render_countdown(face: CountdownFace, width: int, height: int, theme: Theme, locale) -> Rendering:
    u = height / 120
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    text = TextPainter(painter)
    box = QRectF(0, 0, width, height)
    fill_rounded(painter, box, theme.corner_radius * u, theme.urgent if face.urgent else theme.surface)
    ink = theme.on_primary if face.urgent else theme.on_surface
    readout = face_readout(face, locale)
    if face.ended:
        font = fitted_font(theme, readout, width - 40 * u, 52 * u, 12 * u)
        text.line("readout", readout, font, ink, box, Qt.AlignmentFlag.AlignHCenter)
    else:
        text.fitted("label", face.label, theme, ink if face.urgent else theme.muted,
                    QRectF(24 * u, 10 * u, width - 48 * u, 36 * u), 26 * u, bold=True)
        font = fitted_font(theme, readout, width - 48 * u, 60 * u, 12 * u)
        text.line("readout", readout, font, ink, QRectF(24 * u, 44 * u, width - 48 * u, 68 * u))
    painter.end()
    return Rendering(image, text.drawn)


def render_countdown_data(data: CountdownData, width: int, height: int, theme: Theme, locale,
                          show_time_s: float = 0.0) -> Rendering:
    """The countdown as it reads at `show_time_s` (the registry's renderer for it)."""
    return render_countdown(countdown_face(data, show_time_s), width, height, theme, locale)
