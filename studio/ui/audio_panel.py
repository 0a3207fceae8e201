"""Audio: the program's level meter, its mute and its gain (the microphone's, when it is the source).

The levels are the engine's (`InputVolumeMeters`, ~20 a second, one entry per input:
studio/core/live/audio_meters.py); each input named there gets a strip, so the inputs of
the Inputs issue appear here without a change. Mute is the window's `mute` action
(the same as its hotkey); gain is sent as SetGain once the slider rests
(GAIN_SEND_AFTER_MS, so a drag is a few requests, not one per step). Both are applied
by the engine on its thread and logged as-run; the controls then show what the
engine says (GetShowState → sources), never only what was clicked.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from studio.wire.commands import MAX_GAIN_DB, MIN_GAIN_DB
from studio.ui.level_meter import LevelMeter, channels_from_obs
from studio.ui.show_state import ShowState
from studio.wire import commands

GAIN_STEPS_PER_DB = 2            # the slider moves in 0.5 dB
GAIN_SEND_AFTER_MS = 120
MUTE_STYLE = "QPushButton:checked { background: #e53935; color: white; font-weight: bold; }"


class AudioPanel(QWidget):
    def __init__(self, state: ShowState, actions: Mapping[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("audio_panel")
        self.state = state
        self.meters: dict[str, LevelMeter] = {}
        self.meter = self._strip("Program")
        self.mute = QPushButton("Mute", objectName="audio_mute", checkable=True)
        self.mute.setToolTip(actions["mute"].toolTip())
        self.mute.setStyleSheet(MUTE_STYLE)
        self.mute.clicked.connect(lambda _checked: actions["mute"].trigger())
        self.mute_action = actions["mute"]      # its check mark (the Show menu) follows the engine too
        self.gain = QSlider(Qt.Orientation.Vertical, objectName="audio_gain",
                            minimum=int(MIN_GAIN_DB * GAIN_STEPS_PER_DB), maximum=int(MAX_GAIN_DB * GAIN_STEPS_PER_DB))
        self.gain.setAccessibleName("Program gain")
        self.gain.setToolTip(f"Program gain, {MIN_GAIN_DB:g} … +{MAX_GAIN_DB:g} dB (double-click the value: 0 dB)")
        self.gain.setPageStep(6 * GAIN_STEPS_PER_DB)
        self.gain_value = QPushButton("+0.0 dB", objectName="gain_value", flat=True)
        self.gain_value.setToolTip("Back to 0 dB")
        self.gain_value.clicked.connect(lambda: self.gain.setValue(0))
        self._gain_timer = QTimer(self, singleShot=True, interval=GAIN_SEND_AFTER_MS)
        self._gain_timer.timeout.connect(self.send_gain)
        self.gain.valueChanged.connect(self._gain_moved)
        self._gain_sent: float | None = None
        self.source = QLabel("—", objectName="audio_source", wordWrap=True)

        controls = QVBoxLayout()
        controls.addWidget(QLabel("Gain"), 0, Qt.AlignmentFlag.AlignHCenter)
        controls.addWidget(self.gain, 1, Qt.AlignmentFlag.AlignHCenter)
        controls.addWidget(self.gain_value)
        controls.addWidget(self.mute)
        self.strips = QHBoxLayout()
        self.strips.addWidget(self.meter)
        self.strips.addLayout(controls)
        self.strips.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(self.strips, 1)
        outer.addWidget(self.source)
        state.link.event_received.connect(self._on_event)
        state.changed.connect(lambda part: self._show_sources() if part == "sources" else None)

    def _strip(self, name: str) -> LevelMeter:
        meter = LevelMeter(name)
        meter.setAccessibleName(f"{name} level")
        self.meters[name] = meter
        return meter

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type != "InputVolumeMeters":
            return
        for entry in data.get("inputs") or []:
            name = str(entry.get("inputName") or "")
            meter = self.meters.get(name)
            if meter is None:                       # an input this window has not seen: its own strip
                meter = self._strip(name)
                self.strips.insertWidget(self.strips.count() - 1, meter)
            meter.set_levels(channels_from_obs(entry.get("inputLevelsMul") or []), bool(entry.get("clipped")))

    def _gain_moved(self, value: int) -> None:
        self.gain_value.setText(f"{value / GAIN_STEPS_PER_DB:+.1f} dB")
        self._gain_timer.start()

    def send_gain(self) -> None:
        gain_db = self.gain.value() / GAIN_STEPS_PER_DB
        if gain_db != self._gain_sent:
            self._gain_sent = gain_db
            self.state.link.call(commands.SetGain(gain_db=gain_db))

    def _show_sources(self) -> None:
        sources = self.state.state.get("sources") or {}
        self.mute.setChecked(bool(sources.get("muted")))
        self.mute_action.setChecked(bool(sources.get("muted")))
        self.mute.setText("Muted" if sources.get("muted") else "Mute")
        self.source.setText(f"Program sound: {sources.get('audio', '—')}")
        gain = sources.get("gain_db")
        if gain is not None and not self.gain.isSliderDown() and not self._gain_timer.isActive():
            self._gain_sent = float(gain)
            self.gain.blockSignals(True)
            self.gain.setValue(round(float(gain) * GAIN_STEPS_PER_DB))
            self.gain.blockSignals(False)
            self.gain_value.setText(f"{float(gain):+.1f} dB")
