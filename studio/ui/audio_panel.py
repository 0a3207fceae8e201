"""Audio: the program's level meter, its mute and its gain (the microphone's, when it is the source), and a
strip per channel of the mixer (studio/ui/channel_strip.py: fader, mute, solo, sync offset, follows-video).

The levels are the engine's (`InputVolumeMeters`, ~20 a second, one entry per channel:
studio/core/live/audio_meters.py); each channel named there or in ListInputs' `channels` gets a
strip, and a channel the engine no longer lists loses it. The master's mute is the window's `mute` action
(the same as its hotkey); gain is sent as SetGain once the slider rests
(GAIN_SEND_AFTER_MS, so a drag is a few requests, not one per step). Both are applied
by the engine on its thread and logged as-run; the controls then show what the
engine says (GetShowState → sources), never only what was clicked.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSlider, QVBoxLayout, QWidget

from studio.wire.commands import MAX_GAIN_DB, MIN_GAIN_DB
from studio.ui.channel_strip import GAIN_SEND_AFTER_MS, GAIN_STEPS_PER_DB, MUTE_STYLE, ChannelStrip
from studio.ui.level_meter import LevelMeter, channels_from_obs
from studio.ui.show_state import ShowState
from studio.wire import commands

PROGRAM = "Program"              # the master's name in InputVolumeMeters


class AudioPanel(QWidget):
    def __init__(self, state: ShowState, actions: Mapping[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("audio_panel")
        self.state = state
        self.meter = LevelMeter(PROGRAM)
        self.meter.setAccessibleName(f"{PROGRAM} level")
        self.channels: dict[str, ChannelStrip] = {}
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

        master = QFrame(objectName="audio_master")
        master.setFrameShape(QFrame.Shape.StyledPanel)
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.gain)
        master_column = QVBoxLayout(master)
        master_column.setContentsMargins(3, 3, 3, 3)
        master_column.setSpacing(2)
        master_column.addLayout(meter_row, 1)
        master_column.addWidget(self.gain_value)
        master_column.addWidget(self.mute)
        self.strips = QHBoxLayout()         # the channels' strips, in the engine's order
        self.strips.setContentsMargins(0, 0, 0, 0)
        self.strips.addStretch(1)
        channels = QWidget(objectName="audio_channels")
        channels.setLayout(self.strips)
        scroller = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroller.setWidget(channels)
        scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QHBoxLayout()
        row.addWidget(master)
        row.addWidget(scroller, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(row, 1)
        outer.addWidget(self.source)
        state.link.event_received.connect(self._on_event)
        state.changed.connect(self._on_state)

    @property
    def meters(self) -> dict[str, LevelMeter]:
        return {PROGRAM: self.meter, **{name: strip.meter for name, strip in self.channels.items()}}

    def _strip(self, name: str) -> ChannelStrip:
        strip = self.channels.get(name)
        if strip is None:
            strip = self.channels[name] = ChannelStrip(name, self.state.link.call)
            self.strips.insertWidget(self.strips.count() - 1, strip)
        return strip

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type != "InputVolumeMeters":
            return
        for entry in data.get("inputs") or []:
            name = str(entry.get("inputName") or "")
            meter = self.meter if name == PROGRAM else self._strip(name).meter   # one not seen yet: its own strip
            meter.set_levels(channels_from_obs(entry.get("inputLevelsMul") or []), bool(entry.get("clipped")))

    def _on_state(self, part: str) -> None:
        if part == "sources":
            self._show_sources()
        elif part == "inputs":
            self._show_channels()

    def _show_channels(self) -> None:
        listed = (self.state.state.get("inputs") or {}).get("channels")
        if listed is None:
            return
        for channel in listed:
            self._strip(str(channel["name"])).show_channel(channel)
        for name in set(self.channels) - {str(channel["name"]) for channel in listed}:   # removed from the mix
            strip = self.channels.pop(name)
            self.strips.removeWidget(strip)
            strip.deleteLater()

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
