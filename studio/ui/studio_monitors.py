"""Studio mode in the middle of the window: Preview | Take, Fade | Program | Program 9:16.

Preview shows what Take would air; Program what is on air, with the red tally when
live. A product dropped on Preview is put there (PreviewProduct). The buttons
trigger the window's `take` and `fade` actions, so a hotkey does the same.
A show with a vertical canvas (docs/canvases.md) also gets its vertical Program
monitor (GetShowState → frames → program_vertical) and a crop slider under it
(SetVerticalCrop: left edge … centre … right edge); both are hidden otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from studio.core.frames import FrameReader
from studio.ui.icons import icon
from studio.ui.locale_format import money
from studio.ui.models.mime import sku_from
from studio.ui.monitor import LANDSCAPE_MINIMUM, FrameMonitor
from studio.ui.show_state import ShowState
from studio.wire import commands


CROP_STEPS = 100            # the slider's -100..100 is the offset's -1..1
CROP_SEND_AFTER_MS = 80


class PreviewMonitor(FrameMonitor):
    """Accepts a product dragged from the catalog."""

    def __init__(self, on_product: Callable[[str], None], **kwargs):
        super().__init__("Preview", **kwargs)
        self._on_product = on_product
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event) -> None:
        if sku_from(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        sku = sku_from(event.mimeData())
        if sku:
            self._on_product(sku)
            event.acceptProposedAction()


def product_line(product: dict | None) -> str:
    if not product:
        return "—"
    return f"{product.get('title', '')}  {money(product.get('price', ''), product.get('currency', ''))}".strip()


def preview_line(snapshot: dict) -> str:
    """What Take would air: the cued segment (numbered as the rundown numbers it) or the product chosen."""
    index, segments = snapshot.get("preview_index"), snapshot.get("segments") or []
    if snapshot.get("preview_kind") == "segment" and isinstance(index, int) and 0 <= index < len(segments):
        product = snapshot.get("preview")
        return f"segment {index + 1} · " + (product_line(product) if product else segments[index].get("title") or "")
    return product_line(snapshot.get("preview"))


class StudioMonitors(QWidget):
    def __init__(self, state: ShowState, actions: Mapping[str, QAction],
                 reader_factory: Callable[[str], FrameReader] = FrameReader, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.preview = PreviewMonitor(self.preview_product, reader_factory=reader_factory)
        self.program = FrameMonitor("Program", reader_factory=reader_factory)
        self.vertical = FrameMonitor("9:16", reader_factory=reader_factory, aspect=(9, 16))
        self.crop = QSlider(Qt.Orientation.Horizontal, minimum=-CROP_STEPS, maximum=CROP_STEPS, value=0)
        self.crop.setObjectName("vertical_crop")
        self.crop.setToolTip("Where the vertical picture is cut from the camera: left edge … centre … right edge")
        self.crop.setAccessibleName("Vertical crop")
        self._crop_timer = QTimer(self, singleShot=True, interval=CROP_SEND_AFTER_MS)
        self._crop_timer.timeout.connect(self.send_crop)
        self.crop.valueChanged.connect(lambda _value: self._crop_timer.start())
        self._crop_sent: float | None = None
        self.preview_label, self.program_label = QLabel("—"), QLabel("—")
        self.take_button = self._button(actions["take"], "take")
        self.fade_button = self._button(actions["fade"], "fade")
        self.fade_ms = QSpinBox(suffix=" ms", minimum=50, maximum=5000, singleStep=50, value=300)
        self.fade_ms.setToolTip("Fade duration")

        middle = QVBoxLayout()
        middle.addStretch(1)
        for widget in (self.take_button, self.fade_button, self.fade_ms):
            middle.addWidget(widget)
        middle.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._column(self.preview, self.preview_label), 1)
        layout.addLayout(middle)
        layout.addLayout(self._column(self.program, self.program_label), 1)
        self.vertical_column = QWidget()
        vertical = QVBoxLayout(self.vertical_column)
        vertical.setContentsMargins(0, 0, 0, 0)
        vertical.addWidget(self.vertical, 1)
        crop_label = QLabel("Crop", objectName="monitor_title")
        crop_label.setToolTip(self.crop.toolTip())
        vertical.addWidget(crop_label)
        vertical.addWidget(self.crop)
        layout.addWidget(self.vertical_column, 0)
        self.vertical_column.hide()        # until the engine says the show has a vertical canvas
        state.changed.connect(self._on_change)

    @staticmethod
    def _button(action: QAction, name: str) -> QPushButton:
        button = QPushButton(icon(name), action.text())
        button.setObjectName(name)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        return button

    @staticmethod
    def _column(monitor: FrameMonitor, label: QLabel) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(monitor, 1)
        label.setObjectName("monitor_title")
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)   # a long title never widens a monitor
        column.addWidget(label)
        return column

    def send_crop(self) -> None:
        """The slider's position to the engine (coalesced: a drag sends a few requests, not one per pixel)."""
        offset = self.crop.value() / CROP_STEPS
        if offset != self._crop_sent:
            self._crop_sent = offset
            self.state.link.call(commands.SetVerticalCrop(offset=offset))

    def _follow_canvases(self, snapshot: dict) -> None:
        vertical = (snapshot.get("canvases") or {}).get("vertical")
        self.vertical_column.setVisible(vertical is not None)
        # three monitors in the width two had: the landscape ones may shrink so nothing clips at 1366 px
        small = (160, 90) if vertical is not None else LANDSCAPE_MINIMUM
        self.preview.setMinimumSize(*small)
        self.program.setMinimumSize(*small)
        if vertical is not None and not self.crop.isSliderDown() and not self._crop_timer.isActive():
            self._crop_sent = float(vertical.get("crop_offset", 0.0))
            self.crop.blockSignals(True)
            self.crop.setValue(round(self._crop_sent * CROP_STEPS))
            self.crop.blockSignals(False)

    def preview_product(self, sku: str) -> None:
        self.state.link.call(commands.PreviewProduct(sku=sku))

    def _on_change(self, part: str) -> None:
        snapshot = self.state.state
        if part == "frames":
            frames = snapshot.get("frames") or {}
            self.program.set_frame_source((frames.get("program") or {}).get("name"))
            self.preview.set_frame_source((frames.get("preview") or {}).get("name"))
            self.vertical.set_frame_source((frames.get("program_vertical") or {}).get("name"))
        elif part == "canvases":
            self._follow_canvases(snapshot)
        elif part == "live":
            self.program.set_on_air(bool(snapshot.get("live")))
            self.vertical.set_on_air(bool(snapshot.get("live")))
        elif part == "program":
            self.program_label.setText("On air: " + product_line(snapshot.get("program")))
        elif part == "preview":
            self.preview_label.setText("Preview: " + preview_line(snapshot))
            self.preview_label.setToolTip(self.preview_label.text())     # the whole line when the column clips it

    def stop(self) -> None:
        self.preview.stop()
        self.program.stop()
        self.vertical.stop()
