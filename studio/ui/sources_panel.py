"""Sources: the video (test card, a file, a camera) and audio (tone, silence, a file, a mic).

Sends SetVideoSource / SetAudioSource (mute, gain and the meter are the Audio panel's,
studio/ui/audio_panel.py); what the engine says it
uses (SourceStateChanged and the snapshot) is shown back. Device lists (cameras,
microphones) come with the engine side of issue 11: the spec fields accept any
spec the engine takes (`camera:0`, `file:PATH`, `pulse:DEVICE`) until then.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget,
)

from studio.ui.show_state import ShowState
from studio.wire import commands

VIDEO_CHOICES = ("test", "camera:0", "camera:1")
AUDIO_CHOICES = ("tone", "silence")


class SourcesPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.video = QComboBox(editable=True)
        self.video.addItems(VIDEO_CHOICES)
        self.audio = QComboBox(editable=True)
        self.audio.addItems(AUDIO_CHOICES)
        self.now = QLabel("—", wordWrap=True)
        use_video, use_audio = QPushButton("Use"), QPushButton("Use")
        use_video.clicked.connect(lambda: state.link.call(commands.SetVideoSource(spec=self.video.currentText())))
        use_audio.clicked.connect(lambda: state.link.call(commands.SetAudioSource(spec=self.audio.currentText())))
        form = QFormLayout(self)
        form.addRow("Camera / video", self._row(self.video, use_video))
        form.addRow("Microphone / audio", self._row(self.audio, use_audio))
        form.addRow("In use", self.now)
        state.changed.connect(lambda part: self._show(state.state.get("sources") or {}) if part == "sources" else None)
        state.link.event_received.connect(
            lambda kind, data: self._show(data) if kind == "SourceStateChanged" else None)

    @staticmethod
    def _row(*widgets) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        return row

    def _show(self, sources: dict) -> None:
        lost = " (picture lost: slate on air)" if sources.get("video_lost") else ""
        self.now.setText(f"video {sources.get('video', '—')}{lost}, audio {sources.get('audio', '—')}")
