"""A Preview or Program monitor: pulls the newest shared-memory frame at up to 30 fps.

A QTimer asks the FrameReader for a frame newer than the last one shown; the
reader hands back its own copy (taken under the writer's sequence check), which
becomes the buffer this widget owns, so a paint never reads memory the engine is
writing. paintEvent lays a QImage over that buffer and scales it to fit. Nothing
here waits for the engine: no new frame means the last one stays; no shared
memory yet (engine starting) means a dark screen and another try next tick.
Program shows a red on-air tally while the show is live. A monitor that cannot be seen (hidden, in a
dock tabbed behind another, which Qt keeps "visible" but moves off the window, or in a minimised
window) skips its ticks: no frame is copied for nobody.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core.frames import FrameReader

TALLY = QColor("#e53935")
LANDSCAPE_MINIMUM, PORTRAIT_MINIMUM = (192, 108), (72, 128)
MAX_FPS = 30


class AspectBox(QWidget):
    """Holds one monitor at the largest size of its aspect ratio that fits, with its caption (footer) right
    under it, the pair centred: the monitor is the picture (no letterbox inside it), and its geometry is
    what the producer sees."""

    def __init__(self, monitor: "FrameMonitor", footer: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.monitor = monitor
        self.footer = footer
        monitor.setParent(self)
        if footer is not None:
            footer.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.follow_minimum()

    def _footer_height(self) -> int:
        return self.footer.sizeHint().height() + 2 if self.footer is not None else 0

    def follow_minimum(self) -> None:
        minimum = self.monitor.minimumSize()
        self.setMinimumSize(minimum.width(), minimum.height() + self._footer_height())

    def sizeHint(self) -> QSize:
        hint = self.monitor.sizeHint()
        return QSize(hint.width(), hint.height() + self._footer_height())

    def minimumSizeHint(self) -> QSize:
        return self.minimumSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place()

    def place(self) -> None:
        footer_h = self._footer_height()
        aspect_w, aspect_h = self.monitor.aspect
        scale = min(self.width() / aspect_w, max(1, self.height() - footer_h) / aspect_h)
        width, height = int(aspect_w * scale), int(aspect_h * scale)
        x, y = (self.width() - width) // 2, (self.height() - height - footer_h) // 2
        self.monitor.setGeometry(x, y, width, height)
        if self.footer is not None:
            self.footer.setGeometry(x, y + height + 2, width, footer_h - 2)


class FrameMonitor(QWidget):
    def __init__(self, title: str, reader_factory: Callable[[str], FrameReader] = FrameReader,
                 fps: int = MAX_FPS, parent: QWidget | None = None, aspect: tuple[int, int] = (16, 9)):
        super().__init__(parent)
        self.title = title
        self.aspect = aspect     # the canvas's shape: 16:9, or 9:16 for the vertical program
        self._reader_factory = reader_factory
        self._reader: FrameReader | None = None
        self._frame_name: str | None = None
        self._frame: np.ndarray | None = None
        self.sequence = 0
        self.frames_shown = 0
        self.on_air = False
        self.waiting_text = "waiting for the engine"     # said over a monitor with no picture yet
        self._stopped = False
        self.setMinimumSize(*(LANDSCAPE_MINIMUM if aspect[0] >= aspect[1] else PORTRAIT_MINIMUM))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(int(1000 / min(fps, MAX_FPS)))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def sizeHint(self) -> QSize:
        return QSize(480, 270) if self.aspect[0] >= self.aspect[1] else QSize(152, 270)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width * self.aspect[1] // self.aspect[0]

    def set_frame_source(self, name: str | None) -> None:
        """The shared-memory block to read (GetShowState → frames → program/preview → name)."""
        if name == self._frame_name:
            return
        self._close_reader()
        self._frame_name, self.sequence = name, 0

    def clear_picture(self) -> None:
        """Show no picture until the next one arrives (a source replaced: its last picture is not the new one's)."""
        self._frame = None
        self.update()

    def set_on_air(self, on_air: bool) -> None:
        if on_air != self.on_air:
            self.on_air = on_air
            self.update()

    def in_sight(self) -> bool:
        return self.isVisible() and not self.window().isMinimized() and not self.visibleRegion().isEmpty()

    def _tick(self) -> None:
        if self.in_sight():
            self.pull_frame()

    def pull_frame(self) -> bool:
        """One timer tick: take the newest frame if there is one. Returns whether it changed."""
        if self._reader is None:
            if self._frame_name is None:
                return False
            try:
                self._reader = self._reader_factory(self._frame_name)
            except (FileNotFoundError, ValueError):
                return False           # the engine has not published it yet
        newest = self._reader.read_newest(self.sequence)
        if newest is None:
            return False
        self.sequence, self._frame = newest
        self.frames_shown += 1
        self.update()
        return True

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        frame = self._frame
        target = self._fit(frame)
        if frame is not None:
            height, width = frame.shape[:2]
            image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        painter.setFont(QFont(self.font().family(), 9, QFont.Weight.Bold))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(self.rect().adjusted(8, 4, -8, -4), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                         self.title if frame is not None else f"{self.title}: {self.waiting_text}")
        if self.on_air:
            painter.setPen(QPen(TALLY, 6))
            painter.drawRect(self.rect().adjusted(3, 3, -3, -3))
            painter.fillRect(QRectF(self.width() - 84, 6, 76, 22), TALLY)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(QRectF(self.width() - 84, 6, 76, 22), Qt.AlignmentFlag.AlignCenter, "ON AIR")
        painter.end()

    def _fit(self, frame: np.ndarray | None) -> QRectF:
        width, height = self.aspect if frame is None else (frame.shape[1], frame.shape[0])
        scale = min(self.width() / width, self.height() / height)
        w, h = width * scale, height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def closeEvent(self, event) -> None:
        self.stop()
        super().closeEvent(event)

    def pause(self) -> None:
        """Stop pulling frames while not in sight (the window shows the other view); `resume` goes on."""
        self._timer.stop()

    def resume(self) -> None:
        if not self._stopped:
            self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._close_reader()
