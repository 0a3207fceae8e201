"""Audio: the program's level meter, its mute and its gain (the microphone's, when it is the source), and a
strip per channel of the mixer (studio/ui/channel_strip.py: fader, mute, solo, sync offset, follows-video).

The levels are the engine's (`InputVolumeMeters`, ~20 a second, one entry per channel:
studio/core/live/audio_meters.py); each channel named there or in ListInputs' `channels` gets a
strip, and a channel the engine no longer lists loses it. The master's mute is the window's `mute` action
(the same as its hotkey); gain is sent as SetGain once the slider rests
(studio/ui/gain_fader.py: a drag is a few requests, not one per step). Both are applied
by the engine on its thread and logged as-run; the controls then show what the
engine says (GetShowState → sources), never only what was clicked.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from studio.ui.channel_strip import MUTE_STYLE, ChannelStrip
from studio.ui.gain_fader import GainFader
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
        self.gain_fader = GainFader(self, "Program gain", "Program gain", "audio_gain",
                                    lambda gain_db: self.state.link.call(commands.SetGain(gain_db=gain_db)))
        self.gain, self.gain_value, self.send_gain = self.gain_fader.slider, self.gain_fader.value, self.gain_fader.send
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

    def _show_sources(self) -> None:
        sources = self.state.state.get("sources") or {}
        self.mute.setChecked(bool(sources.get("muted")))
        self.mute_action.setChecked(bool(sources.get("muted")))
        self.mute.setText("Muted" if sources.get("muted") else "Mute")
        self.source.setText(f"Program sound: {sources.get('audio', '—')}")
        gain = sources.get("gain_db")
        if gain is not None:
            self.gain_fader.show(gain)
