"""A teleprompter: talking points scrolling at a set speed in pixels per second.

The scroll position is driven by measured time, not by counting timer ticks: each tick
adds `speed × (now − last tick)` to a float position (the fractional accumulator, so
8 px/s still moves smoothly at 60 ticks a second). When the GUI thread is busy (the
monitors run at 30 fps beside it) ticks come late, and the text still arrives where it
should: a late tick just moves further. A speed change first settles the distance at the
old speed, so a change applies from the moment it was made.

The first line starts in the focus band (a third of the way down, where the host's eyes
rest); the scroll can go on until the last line reaches the top, so nothing ends stuck
at the bottom of the screen. `mirrored` flips the picture for a beam-splitter glass.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextDocument
from PySide6.QtWidgets import QWidget

MIN_SPEED_PX_S = 5.0
MAX_SPEED_PX_S = 600.0
SPEED_STEP = 1.25            # faster/slower multiply or divide by this: even steps to the eye
FOCUS_BAND_AT = 1 / 3        # of the height
TICK_MS = 16


class Teleprompter(QWidget):
    speed_changed = Signal(float)
    paused_changed = Signal(bool)

    def __init__(self, parent=None, *, speed_px_s: float = 60.0, point_size: int = 40,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.setObjectName("teleprompter")
        self._clock = clock
        self._speed_px_s = float(speed_px_s)
        self._position_px = 0.0
        self._last_tick_s: float | None = None
        self._paused = True
        self.mirrored = False
        self._document = QTextDocument(self)
        font = QFont()
        font.setPointSize(point_size)
        self._document.setDefaultFont(font)
        self._document.setDefaultStyleSheet("p { color: #ffffff; margin-bottom: 24px; }")
        self._points: tuple[str, ...] = ()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.advance)
        self.setAutoFillBackground(False)
        self.setMinimumHeight(120)

    # --- what it shows
    def set_points(self, points: Sequence[str]) -> None:
        """New talking points start again from the top; the same points keep their place."""
        if tuple(points) == self._points:
            return
        self._points = tuple(points)
        self._document.setHtml("".join(f"<p>{_escape(point)}</p>" for point in points)
                               or "<p style='color:#888888'>No talking points for this segment.</p>")
        self._layout_document()
        self._position_px = 0.0
        self.update()

    def points(self) -> tuple[str, ...]:
        return self._points

    def set_text_size(self, pixel_size: int) -> None:
        font = QFont(self._document.defaultFont())
        if font.pixelSize() == pixel_size:
            return
        font.setPixelSize(pixel_size)
        self._document.setDefaultFont(font)
        self._layout_document()
        self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirrored = mirrored
        self.update()

    # --- speed and motion
    @property
    def speed_px_s(self) -> float:
        return self._speed_px_s

    def set_speed(self, speed_px_s: float) -> None:
        self.advance()                      # distance so far at the old speed
        speed = min(MAX_SPEED_PX_S, max(MIN_SPEED_PX_S, float(speed_px_s)))
        if speed != self._speed_px_s:
            self._speed_px_s = speed
            self.speed_changed.emit(speed)

    def faster(self) -> None:
        self.set_speed(self._speed_px_s * SPEED_STEP)

    def slower(self) -> None:
        self.set_speed(self._speed_px_s / SPEED_STEP)

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        if paused == self._paused:
            return
        if paused:
            self.advance()
            self._timer.stop()
            self._last_tick_s = None
        else:
            self._last_tick_s = self._clock()
            self._timer.start()
        self._paused = paused
        self.paused_changed.emit(paused)

    def toggle_paused(self) -> None:
        self.set_paused(not self._paused)

    def rewind(self) -> None:
        self._position_px = 0.0
        self.update()

    @property
    def position_px(self) -> float:
        return self._position_px

    @property
    def last_advance_s(self) -> float | None:
        """The clock reading the position was last brought up to (None while paused)."""
        return self._last_tick_s

    def max_position_px(self) -> float:
        """Far enough for the last line to reach the top edge."""
        last_line = self._document.documentLayout().blockBoundingRect(self._document.lastBlock())
        return max(0.0, self._top_padding() + last_line.top())

    def advance(self) -> None:
        if self._paused or self._last_tick_s is None:
            return
        now = self._clock()
        self._position_px = min(self.max_position_px(),
                                self._position_px + self._speed_px_s * (now - self._last_tick_s))
        self._last_tick_s = now
        self.update()

    # --- drawing
    def _top_padding(self) -> float:
        return self.height() * FOCUS_BAND_AT

    def _layout_document(self) -> None:
        self._document.setTextWidth(max(100, self.width() - 2 * self._margin()))

    def _margin(self) -> int:
        return max(16, self.width() // 20)

    def resizeEvent(self, event) -> None:
        self._layout_document()
        super().resizeEvent(event)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        line = QFontMetricsF(self._document.defaultFont()).lineSpacing()
        band = QRectF(0, self._top_padding() - line * 0.25, self.width(), line * 1.5)
        painter.fillRect(band, QColor(255, 255, 255, 28))
        if self.mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        painter.translate(self._margin(), self._top_padding() - self._position_px)
        self._document.drawContents(painter)
        painter.end()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
