"""A level meter: one bar per channel on a dBFS scale, RMS and peak, a clip light that holds until clicked.

It takes any list of channels (`ChannelLevel`: a name, peak and RMS in dBFS), so the
program's two channels today and each input of the Inputs issue later use the same
widget. The levels come from the engine (studio/core/live/audio_meters.py, ~20 a
second); the meter only stores them and repaints, it measures nothing itself.

Drawn as OBS and vMix draw theirs: the RMS as a solid bar, the peak as a thin line
that holds its highest value for PEAK_HOLD_S, green up to -18 dBFS, amber to -6,
red above; the scale's marks beside the bars. CLIP lights when a sample clipped
(after the gain) and stays lit until the producer clicks it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

FLOOR_DBFS = -60.0
SCALE_MARKS_DBFS = (0, -6, -12, -18, -24, -36, -48, -60)
AMBER_FROM_DBFS, RED_FROM_DBFS = -18.0, -6.0
PEAK_HOLD_S = 1.5
READOUT_EVERY_S = 0.25
COLOURS = {"green": QColor("#43a047"), "amber": QColor("#ffb300"), "red": QColor("#e53935"),
           "dim": QColor("#262a30"), "peak": QColor("#f5f5f5"), "scale": QColor("#9aa0a8")}
CLIP_STYLES = {True: "background: #e53935; color: white; font-weight: bold;",
               False: "background: #3a3f47; color: #7d838c; font-weight: bold;"}


@dataclass(frozen=True)
class ChannelLevel:
    name: str
    peak_dbfs: float
    rms_dbfs: float


def dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf


def channels_from_obs(levels_mul: Sequence[Sequence[float]]) -> list[ChannelLevel]:
    """obs-websocket's `inputLevelsMul` (per channel `[magnitude, peak, input peak]`, amplitudes) in dBFS."""
    names = ("L", "R") if len(levels_mul) == 2 else tuple(str(i + 1) for i in range(len(levels_mul)))
    return [ChannelLevel(name, dbfs(level[1]), dbfs(level[0])) for name, level in zip(names, levels_mul)]


def zone(level_dbfs: float) -> str:
    return "red" if level_dbfs >= RED_FROM_DBFS else "amber" if level_dbfs >= AMBER_FROM_DBFS else "green"


class MeterBars(QWidget):
    """The painted part: vertical bars, one per channel, with the dB scale on their left."""

    SCALE_W = 26
    BAR_W = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.channels: list[ChannelLevel] = []
        self.held_peaks: list[tuple[float, float]] = []     # (dBFS, monotonic time it was reached)
        self.setMinimumSize(self.SCALE_W + 2 * (self.BAR_W + 4), 120)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)   # paints all of itself: nothing under it repaints

    def set_channels(self, channels: Sequence[ChannelLevel], now_s: float) -> None:
        self.channels = list(channels)
        if len(self.held_peaks) != len(self.channels):
            self.held_peaks = [(FLOOR_DBFS, now_s)] * len(self.channels)
        for i, channel in enumerate(self.channels):
            held, since = self.held_peaks[i]
            if channel.peak_dbfs >= held or now_s - since > PEAK_HOLD_S:
                self.held_peaks[i] = (channel.peak_dbfs, now_s)
        width = self.SCALE_W + max(2, len(self.channels)) * (self.BAR_W + 4)
        if self.minimumWidth() != width:
            self.setMinimumWidth(width)
        self.update()

    def _y(self, level_dbfs: float, top: float, height: float) -> float:
        fraction = (max(FLOOR_DBFS, min(0.0, level_dbfs)) - FLOOR_DBFS) / -FLOOR_DBFS
        return top + height * (1.0 - fraction)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        font = painter.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        top, height = 6.0, self.height() - 12.0
        painter.setPen(COLOURS["scale"])
        for mark in SCALE_MARKS_DBFS:
            y = self._y(mark, top, height)
            painter.drawText(QRectF(0, y - 7, self.SCALE_W - 4, 14),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(mark))
        for i, channel in enumerate(self.channels):
            x = self.SCALE_W + i * (self.BAR_W + 4)
            painter.fillRect(QRectF(x, top, self.BAR_W, height), COLOURS["dim"])
            # the RMS bar, coloured by zone as it rises
            level = max(FLOOR_DBFS, min(0.0, channel.rms_dbfs))
            for low, high, colour in ((FLOOR_DBFS, AMBER_FROM_DBFS, "green"), (AMBER_FROM_DBFS, RED_FROM_DBFS, "amber"),
                                      (RED_FROM_DBFS, 0.0, "red")):
                if level > low:
                    y_high, y_low = self._y(min(level, high), top, height), self._y(low, top, height)
                    painter.fillRect(QRectF(x, y_high, self.BAR_W, y_low - y_high), COLOURS[colour])
            peak = self.held_peaks[i][0] if i < len(self.held_peaks) else channel.peak_dbfs
            if peak > FLOOR_DBFS:
                y = self._y(peak, top, height)
                painter.fillRect(QRectF(x, y - 1, self.BAR_W, 2), COLOURS["red" if peak >= RED_FROM_DBFS else "peak"])
        painter.end()


class LevelMeter(QWidget):
    """A titled meter: the bars, the CLIP light, and the loudest channel's peak / RMS in numbers."""

    clip_cleared = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("level_meter")
        self.title = QLabel(title, objectName="meter_title")
        self.bars = MeterBars()
        self.clip = QPushButton("CLIP", objectName="clip_light")
        self.clip.setToolTip("Lit when a sample clipped (after the gain); click to clear")
        self.clip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clip.clicked.connect(self.clear_clip)
        self.readout = QLabel("—", objectName="meter_readout")
        self.readout.setToolTip("Peak / RMS of the loudest channel, in dBFS")
        digits = QFont("monospace", 9)
        digits.setStyleHint(QFont.StyleHint.TypeWriter)
        self.readout.setFont(digits)
        metrics = QFontMetrics(digits)
        # a fixed size: a new text repaints the label only (a label that may change size relayouts the whole window,
        # 9 ms a time at 20 updates a second)
        self.readout.setFixedSize(metrics.horizontalAdvance("-100.0 / -100.0") + 4, metrics.height() + 2)
        self.clipped = False
        self._readout_at_s = float("-inf")
        self.clear_clip()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.clip)
        row = QHBoxLayout()
        row.addWidget(self.bars, 1)
        layout.addLayout(row, 1)
        layout.addWidget(self.readout)

    def set_levels(self, channels: Sequence[ChannelLevel], clipped: bool = False) -> None:
        self.bars.set_channels(channels, time.monotonic())
        if clipped or any(channel.peak_dbfs >= 0.0 for channel in channels):
            self.clipped = True
            self.clip.setStyleSheet(CLIP_STYLES[True])
        now_s = time.monotonic()
        if channels and now_s - self._readout_at_s >= READOUT_EVERY_S:     # numbers at 20/s cannot be read
            self._readout_at_s = now_s
            peak = max(channel.peak_dbfs for channel in channels)
            rms = max(channel.rms_dbfs for channel in channels)
            self.readout.setText(f"{_number(peak)} / {_number(rms)}")

    def clear_clip(self) -> None:
        self.clipped = False
        self.clip.setStyleSheet(CLIP_STYLES[False])
        self.clip_cleared.emit()

    @property
    def peak_dbfs(self) -> float:
        return max((channel.peak_dbfs for channel in self.bars.channels), default=-math.inf)

    @property
    def rms_dbfs(self) -> float:
        return max((channel.rms_dbfs for channel in self.bars.channels), default=-math.inf)


def _number(level_dbfs: float) -> str:
    return "-inf" if level_dbfs <= FLOOR_DBFS - 40 or math.isinf(level_dbfs) else f"{level_dbfs:.1f}"
