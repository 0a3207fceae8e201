"""The wizard's first page: the cameras and microphones found, chosen by name, seen and heard live.

The devices are what `studio devices --json` lists (cameras by their V4L2 names, microphones as
PulseAudio sources); the test card and the tone are always offered too, so a computer without a
camera (or a producer who wants to set up first) can go on. Choosing one shows it at once: its
picture in the console's monitor widget and its sound on the console's level meter, each from a
preview process of its own (studio/ui/device_preview.py). The choice is saved by name
(`sources.camera`, `sources.microphone`; empty: the test card, the tone), which the console's
engine opens (`--source camera:NAME`, `--audio mic:NAME`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWizardPage

from studio.core.settings import SettingsStore
from studio.ui.background_call import BackgroundCall
from studio.ui.device_preview import DevicePreview
from studio.ui.level_meter import LevelMeter
from studio.ui.monitor import AspectBox, FrameMonitor

TEST_CARD, TONE = "Test card", "Test tone (1 kHz)"
METER_EVERY_MS = 50


def video_spec(camera_name: str) -> str:
    return f"camera:{camera_name}" if camera_name else "test"


def audio_spec(microphone_name: str) -> str:
    return f"mic:{microphone_name}" if microphone_name else "tone"


class DevicesPage(QWizardPage):
    def __init__(self, settings: SettingsStore, list_devices: Callable[[], dict]):
        super().__init__()
        self.setTitle("Camera and microphone")
        self.setSubTitle("The devices this computer has, by name (`studio devices` lists the same). "
                         "Choose one to see and hear it.")
        self.settings, self._list_devices = settings, list_devices
        self._lister = BackgroundCall()
        self._lister.done.connect(self._listed)
        self.cameras, self.microphones = QComboBox(), QComboBox()
        self.cameras.setObjectName("wizard_cameras")
        self.microphones.setObjectName("wizard_microphones")
        self.monitor = FrameMonitor("Camera")
        self.monitor.setObjectName("wizard_camera_preview")
        self.monitor.waiting_text = "starting…"
        self.meter = LevelMeter("Level")
        self.meter.setObjectName("wizard_microphone_meter")
        self.camera_state, self.microphone_state = QLabel(), QLabel()
        self.video, self.audio = DevicePreview("video", self), DevicePreview("audio", self)
        self.video.state_changed.connect(lambda state, why: self._show_state(self.camera_state, "Camera", state, why))
        self.audio.state_changed.connect(
            lambda state, why: self._show_state(self.microphone_state, "Microphone", state, why))
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Camera"), 0, 0)
        grid.addWidget(self.cameras, 0, 1, 1, 2)
        grid.addWidget(QLabel("Microphone"), 1, 0)
        grid.addWidget(self.microphones, 1, 1, 1, 2)
        grid.addWidget(AspectBox(self.monitor), 2, 0, 1, 2)
        grid.addWidget(self.meter, 2, 2)
        grid.addWidget(self.camera_state, 3, 0, 1, 3)
        grid.addWidget(self.microphone_state, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(METER_EVERY_MS)
        self._meter_timer.timeout.connect(self._pull_levels)
        self.listed = False
        self.cameras.currentIndexChanged.connect(self._camera_chosen)
        self.microphones.currentIndexChanged.connect(self._microphone_chosen)

    def initializePage(self) -> None:
        self.listed = False
        for combo in (self.cameras, self.microphones):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("Looking…")
            combo.blockSignals(False)
        self._lister.run(self._list_devices)

    def _listed(self, found: dict | None, _error) -> None:
        found = found or {}
        for combo, kind, key, always in ((self.cameras, "cameras", "sources.camera", TEST_CARD),
                                         (self.microphones, "microphones", "sources.microphone", TONE)):
            combo.blockSignals(True)
            combo.clear()
            for device in found.get(kind, []):
                combo.addItem(device["name"], device["name"])
                if device.get("label") and device["label"] != device["name"]:
                    combo.setItemData(combo.count() - 1, device["label"], Qt.ItemDataRole.ToolTipRole)
            combo.addItem(always, "")
            # the saved device if it is still there; else the first found (empty, the default, is no choice made)
            saved = combo.findData(self.settings.get(key)) if self.settings.get(key) else -1
            combo.setCurrentIndex(max(0, saved))
            combo.blockSignals(False)
        self.listed = True
        self.set_previewing(self.isVisible())

    def set_previewing(self, previewing: bool) -> None:
        """Previews run while the page is in sight; elsewhere (other pages, the wizard closed) no device is held."""
        if previewing and self.listed:
            self._camera_chosen()
            self._microphone_chosen()
            self._meter_timer.start()
        else:
            self.video.stop()
            self.audio.stop()
            self._meter_timer.stop()

    def _camera_chosen(self) -> None:
        if self.listed and self.cameras.currentData() is not None:
            self.video.show(video_spec(self.cameras.currentData()))
            self.monitor.set_frame_source(self.video.frames_name)
            self.monitor.clear_picture()        # a camera that cannot be opened must not look like the last one

    def _microphone_chosen(self) -> None:
        if self.listed and self.microphones.currentData() is not None:
            self.audio.show(audio_spec(self.microphones.currentData()))

    def _pull_levels(self) -> None:
        levels = self.audio.take_levels()
        if levels is not None:
            self.meter.set_levels(*levels)

    @staticmethod
    def _show_state(label: QLabel, device: str, state: str, reason: str) -> None:
        texts = {"starting": f"opening {reason}…", "live": f"live: {reason}", "lost": f"lost: {reason}",
                 "error": f"cannot be opened: {reason}", "ended": "stopped"}
        label.setText(f"{device} {texts.get(state, reason)}")

    def validatePage(self) -> bool:
        if self.listed:
            self.settings.set("sources.camera", self.cameras.currentData() or "")
            self.settings.set("sources.microphone", self.microphones.currentData() or "")
        return True
