"""The flash-deal countdown, driven by the show clock.

What it shows is a pure function of show time, so every frame is exact and it
cannot drift: the only state is which second's picture is cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from studio.core.graphics.formatting import countdown_seconds_shown, format_clock
from studio.core.graphics.model import CountdownData
from studio.core.graphics.painting import Rendering, TextPainter, fill_rounded, fitted_font, make_font, new_layer_image
from studio.core.graphics.theme import Theme

URGENT_BELOW_S = 60
ENDED_HOLD_S = 3.0
ENDED_TEXT = "Deal ended"


@dataclass(frozen=True)
class CountdownFace:
    """What the countdown shows on one frame; equal faces share one rendered picture."""

    label: str
    readout: str
    urgent: bool
    ended: bool


def countdown_face(data: CountdownData, show_time_s: float, locale) -> CountdownFace:
    seconds = countdown_seconds_shown(data.ends_at_show_time_s - show_time_s)
    if seconds <= 0:
        return CountdownFace("", ENDED_TEXT, urgent=True, ended=True)
    return CountdownFace(data.label, format_clock(seconds, locale), urgent=seconds <= URGENT_BELOW_S, ended=False)


def countdown_finished(data: CountdownData, show_time_s: float) -> bool:
    """True once "Deal ended" has been on screen long enough to be read."""
    return show_time_s >= data.ends_at_show_time_s + ENDED_HOLD_S


def render_countdown(face: CountdownFace, width: int, height: int, theme: Theme, locale) -> Rendering:
    u = height / 120
    image = new_layer_image(width, height)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    text = TextPainter(painter)
    box = QRectF(0, 0, width, height)
    fill_rounded(painter, box, theme.corner_radius * u, theme.urgent if face.urgent else theme.surface)
    ink = theme.on_primary if face.urgent else theme.on_surface
    if face.ended:
        font = fitted_font(theme, face.readout, width - 40 * u, 52 * u, 12 * u)
        text.line("readout", face.readout, font, ink, box, Qt.AlignmentFlag.AlignHCenter)
    else:
        text.fitted("label", face.label, theme, ink if face.urgent else theme.muted,
                    QRectF(24 * u, 10 * u, width - 48 * u, 36 * u), 26 * u, bold=True)
        font = fitted_font(theme, face.readout, width - 48 * u, 60 * u, 12 * u)
        text.line("readout", face.readout, font, ink, QRectF(24 * u, 44 * u, width - 48 * u, 68 * u))
    painter.end()
    return Rendering(image, text.drawn)


def render_countdown_data(data: CountdownData, width: int, height: int, theme: Theme, locale,
                          show_time_s: float = 0.0) -> Rendering:
    """The countdown as it reads at `show_time_s` (the registry's renderer for it)."""
    return render_countdown(countdown_face(data, show_time_s, locale), width, height, theme, locale)
