"""A gain fader as the Audio dock has them (the master's and each channel's): a vertical slider in 0.5 dB
steps, its value as a button that puts it back to 0 dB, and the SetGain request sent once the slider rests
(a drag is a few requests, not one per step). What the engine says comes back through `show`, which leaves
a fader alone while the producer holds it or a value is still to be sent."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QPushButton, QSlider

from studio.wire.commands import MAX_GAIN_DB, MIN_GAIN_DB

GAIN_STEPS_PER_DB = 2            # the fader moves in 0.5 dB
GAIN_SEND_AFTER_MS = 120         # sent once the fader rests


class GainFader(QObject):
    def __init__(self, parent: QObject, accessible_name: str, tooltip: str, object_name: str,
                 send: Callable[[float], None]):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Vertical, objectName=object_name,
                              minimum=int(MIN_GAIN_DB * GAIN_STEPS_PER_DB), maximum=int(MAX_GAIN_DB * GAIN_STEPS_PER_DB))
        self.slider.setAccessibleName(accessible_name)
        self.slider.setToolTip(f"{tooltip}, {MIN_GAIN_DB:g} … +{MAX_GAIN_DB:g} dB")
        self.slider.setPageStep(6 * GAIN_STEPS_PER_DB)
        self.value = QPushButton("+0.0 dB", objectName=f"{object_name}_value", flat=True)
        self.value.setToolTip("Back to 0 dB")
        self.value.clicked.connect(lambda: self.slider.setValue(0))
        self._send = send
        self._timer = QTimer(self, singleShot=True, interval=GAIN_SEND_AFTER_MS)
        self._timer.timeout.connect(self.send)
        self.slider.valueChanged.connect(self._moved)
        self._sent: float | None = None

    def _moved(self, value: int) -> None:
        self.value.setText(f"{value / GAIN_STEPS_PER_DB:+.1f} dB")
        self._timer.start()

    def send(self) -> None:
        gain_db = self.slider.value() / GAIN_STEPS_PER_DB
        if gain_db != self._sent:
            self._sent = gain_db
            self._send(gain_db)

    def show(self, gain_db: float) -> None:
        """The engine's gain, unless the producer holds the fader or a move is waiting to be sent."""
        if self.slider.isSliderDown() or self._timer.isActive():
            return
        self._sent = float(gain_db)
        self.slider.blockSignals(True)
        self.slider.setValue(round(float(gain_db) * GAIN_STEPS_PER_DB))
        self.slider.blockSignals(False)
        self.value.setText(f"{float(gain_db):+.1f} dB")
