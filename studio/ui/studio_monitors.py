"""Studio mode in the middle of the window: the producer's clock over Preview | Take, Fade | Program | Program 9:16.

Each monitor is the picture: it fills its pane at the canvas's aspect ratio (an
AspectBox places it), so the monitors get the central area's width, not a tall
letterboxed frame. Under each, one line, elided, the full text in its tooltip:
"PREVIEW - next: {product} {price}" and "PROGRAM - {product}" with the tally beside
it: ON AIR (red) only while live, REHEARSAL otherwise. Preview shows what Take would
air; Program what is on air, framed in red when live. A product dropped on Preview is put there (PreviewProduct). The buttons
trigger the window's `take` and `fade` actions, so a hotkey does the same; the
T-bar under them (studio/ui/tbar.py) drives a manual transition.
A show with a vertical canvas (docs/canvases.md) also gets its vertical Program
monitor (GetShowState → frames → program_vertical) and a crop slider under it
(SetVerticalCrop: left edge … centre … right edge); both are hidden otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from studio.core.frames import FrameReader
from studio.ui.icons import icon
from studio.ui.locale_format import money
from studio.ui.models.mime import sku_from
from studio.ui.elided_label import ElidedLabel
from studio.ui.monitor import LANDSCAPE_MINIMUM, AspectBox, FrameMonitor
from studio.ui.producer_clock import ProducerClock
from studio.ui.show_state import ShowState
from studio.ui.tbar import TBar
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


TALLY_STYLES = {"ON AIR": "background: #e53935; color: white; font-weight: bold; padding: 1px 6px;",
                "REHEARSAL": "background: #3a3f47; color: #c8ccd2; font-weight: bold; padding: 1px 6px;"}


def product_line(product: dict | None) -> str:
    if not product:
        return "—"
    return f"{product.get('title', '')} {money(product.get('price', ''), product.get('currency', ''))}".strip()


def preview_caption(snapshot: dict) -> str:
    """`PREVIEW - next: 55" 4K Smart TV $298.00`, or the cued segment: `PREVIEW - next: segment 2 · ...`."""
    line = preview_line(snapshot)
    return f"PREVIEW - next: {line}" if line != "—" else "PREVIEW - nothing in preview"


def program_caption(snapshot: dict) -> str:
    product = snapshot.get("program")
    return f"PROGRAM - {product_line(product)}" if product else "PROGRAM - no product on air"


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
        self.clock = ProducerClock(state)
        self.preview_label = ElidedLabel("PREVIEW - nothing in preview", object_name="monitor_title")
        self.program_label = ElidedLabel("PROGRAM - no product on air", object_name="monitor_title")
        self.tally = QLabel("REHEARSAL", objectName="tally")
        self.tally.setToolTip("ON AIR while the show is live; REHEARSAL otherwise (nothing reaches the audience)")
        self.tally.setStyleSheet(TALLY_STYLES["REHEARSAL"])
        self.take_button = self._button(actions["take"], "take")
        self.fade_button = self._button(actions["fade"], "fade")
        self.fade_ms = QSpinBox(suffix=" ms", minimum=50, maximum=5000, singleStep=50, value=300)
        self.fade_ms.setToolTip("Fade duration")
        self.tbar = TBar(lambda position, release: state.link.request(
            "SetTBarPosition", {"position": position, "release": release}))

        middle = QVBoxLayout()
        middle.addStretch(1)
        for widget in (self.take_button, self.fade_button, self.fade_ms):
            middle.addWidget(widget)
        middle.addWidget(self.tbar, 0, Qt.AlignmentFlag.AlignHCenter)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 4)
        outer.setSpacing(2)
        outer.addWidget(self.clock)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        program_footer = QWidget()
        row = QHBoxLayout(program_footer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.program_label, 1)       # elided: a long title never widens a monitor
        row.addWidget(self.tally)
        self.boxes = {"preview": AspectBox(self.preview, self.preview_label),
                      "program": AspectBox(self.program, program_footer),
                      "vertical": AspectBox(self.vertical)}
        layout.addWidget(self.boxes["preview"], 16)
        layout.addLayout(middle)
        layout.addWidget(self.boxes["program"], 16)
        self.vertical_column = QWidget()
        vertical = QVBoxLayout(self.vertical_column)
        vertical.setContentsMargins(0, 0, 0, 0)
        vertical.addWidget(self.boxes["vertical"], 1)
        crop_label = QLabel("Crop", objectName="monitor_title")
        crop_label.setToolTip(self.crop.toolTip())
        vertical.addWidget(crop_label)
        vertical.addWidget(self.crop)
        layout.addWidget(self.vertical_column, 5)       # 9:16 beside two 16:9 of the same height
        self.vertical_column.hide()        # until the engine says the show has a vertical canvas
        state.changed.connect(self._on_change)

    @staticmethod
    def _button(action: QAction, name: str) -> QPushButton:
        button = QPushButton(icon(name), action.text())
        button.setObjectName(name)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        return button

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
        for name in ("preview", "program"):
            self.boxes[name].monitor.setMinimumSize(*small)
            self.boxes[name].follow_minimum()
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
        elif part == "tbar":
            self.tbar.follow(snapshot.get("tbar"))
        elif part == "live":
            live = bool(snapshot.get("live"))
            self.program.set_on_air(live)
            self.vertical.set_on_air(live)
            self.tally.setText("ON AIR" if live else "REHEARSAL")
            self.tally.setStyleSheet(TALLY_STYLES[self.tally.text()])
        elif part == "program":
            self.program_label.setText(program_caption(snapshot))
        elif part in ("preview", "segments"):
            self.preview_label.setText(preview_caption(snapshot))

    def pause(self) -> None:
        """Out of sight (View > Multiview): the monitors pull no frames until `resume`."""
        for monitor in (self.preview, self.program, self.vertical):
            monitor.pause()

    def resume(self) -> None:
        for monitor in (self.preview, self.program, self.vertical):
            monitor.resume()

    def stop(self) -> None:
        self.preview.stop()
        self.program.stop()
        self.vertical.stop()
