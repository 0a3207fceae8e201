"""One sound channel of the mixer in the Audio dock: its meter, fader, mute, solo, sync offset and follows-video.

Each control sends its live command (SetGain, SetMute, SetSolo, SetSyncOffset, SetFollowsVideo with
the channel's name) and then shows what the engine says (`show`, from ListInputs' `channels` as
InputsChanged and GetShowState carry them), so a change from another client (Companion's mute
button, obsws-python's SetInputVolume) shows here as the engine's own does. A control the
producer is working (a fader held or not yet sent, the offset being typed) is not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from studio.ui.gain_fader import GainFader
from studio.ui.level_meter import LevelMeter
from studio.wire import commands

MAX_SYNC_OFFSET_MS = 2000
MUTE_STYLE = "QPushButton:checked { background: #e53935; color: white; font-weight: bold; }"
SOLO_STYLE = "QPushButton:checked { background: #fdd835; color: black; font-weight: bold; }"
FOLLOW_STYLE = "QPushButton:checked { background: #1e88e5; color: white; font-weight: bold; }"
TIGHT = "QPushButton { padding: 2px 1px; min-width: 0px; }"     # three buttons under a strip ~80 px wide


class ChannelStrip(QFrame):
    def __init__(self, name: str, send: Callable[[object], None], parent: QWidget | None = None):
        """`send(command)`: hands a live command to the engine link."""
        super().__init__(parent)
        self.setObjectName(f"channel_{name}")
        self.name, self._send = name, send
        self.meter = LevelMeter(name)
        self.meter.setAccessibleName(f"{name} level")
        self.meter.readout.hide()          # the bars only: the dock holds several strips side by side, and
        self.meter.clip.hide()             # clipping is the master's to show (the limiter is after it)
        self.meter.bars.setToolTip(f"{name}: peak (line) and RMS (bar), dBFS")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # one gain fader, as the master's (studio/ui/gain_fader.py); `fader`, `gain_value` and `send_gain` for
        # tests and the layout
        self.gain_fader = GainFader(self, f"{name} gain", f"{name}: gain", "channel_fader",
                                    lambda gain_db: self._send(commands.SetGain(gain_db=gain_db, input=name)))
        self.fader, self.gain_value, self.send_gain = self.gain_fader.slider, self.gain_fader.value, self.gain_fader.send
        self.gain_value.setStyleSheet(TIGHT)
        self.mute = self._toggle("M", "Mute", MUTE_STYLE, lambda on: commands.SetMute(muted=on, input=name))
        self.solo = self._toggle("S", "Solo: only the soloed channels in the headphones monitor (pre-fader); "
                                      "the program is unchanged", SOLO_STYLE,
                                 lambda on: commands.SetSolo(input=name, soloed=on))
        self.follows = self._toggle("AFV", "Follows video: heard only while Program shows this input", FOLLOW_STYLE,
                                    lambda on: commands.SetFollowsVideo(input=name, enabled=on))
        self.offset = QSpinBox(objectName="channel_offset", minimum=0, maximum=MAX_SYNC_OFFSET_MS, singleStep=10,
                               suffix=" ms", keyboardTracking=False)
        self.offset.setAccessibleName(f"{name} sync offset")
        self.offset.setToolTip(f"{name}: sync offset, 0 … {MAX_SYNC_OFFSET_MS} ms (the sound delayed to meet its "
                               "camera's late pictures; 10 ms a step)")
        self.offset.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.offset.setMaximumWidth(self.offset.minimumSizeHint().width() + 4)    # "2000 ms" and its arrows, no more
        self.offset.valueChanged.connect(
            lambda ms: send(commands.SetSyncOffset(input=name, sync_offset_ms=float(ms))))

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for button in (self.mute, self.solo, self.follows):
            buttons.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.meter, 1)
        row.addWidget(self.fader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        layout.addLayout(row, 1)
        layout.addWidget(self.gain_value)
        layout.addLayout(buttons)
        layout.addWidget(self.offset)

    def _toggle(self, text: str, tip: str, style: str, command: Callable[[bool], object]) -> QPushButton:
        button = QPushButton(text, checkable=True, objectName=f"channel_{text.lower()}")
        button.setToolTip(f"{self.name}: {tip}")
        button.setAccessibleName(f"{self.name} {tip.split(':')[0].lower()}")
        button.setStyleSheet(TIGHT + style)
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(text) + 8)
        button.clicked.connect(lambda checked: self._send(command(checked)))
        return button

    def show_channel(self, channel: dict) -> None:
        """What the engine says of this channel (`{name, muted, gain_db, sync_offset_ms, follows_video, soloed}`)."""
        for button, key in ((self.mute, "muted"), (self.solo, "soloed"), (self.follows, "follows_video")):
            button.setChecked(bool(channel.get(key)))
        gain = channel.get("gain_db")
        if gain is not None:
            self.gain_fader.show(gain)
        offset = channel.get("sync_offset_ms")
        if offset is not None and not self.offset.hasFocus():
            self.offset.blockSignals(True)
            self.offset.setValue(round(float(offset)))
            self.offset.blockSignals(False)
