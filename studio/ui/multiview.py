"""View > Multiview: every picture of the show in one grid, each with its label and tally border.

As vMix's and OBS's multiview: Preview framed green, Program framed red with ON AIR while
the show is live (grey with REHEARSAL otherwise), the vertical program (9:16) beside them when the
show has a vertical canvas; the inputs of the Inputs issue get smaller tiles in a row under
them (`add_tile`). Each tile is its own monitor reading the same shared memory; the window
shows either this or the studio-mode monitors, and only the shown ones pull frames
(FrameMonitor.pause/resume), so switching costs nothing while the show runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from studio.core.frames import FrameReader
from studio.ui.elided_label import ElidedLabel
from studio.ui.monitor import AspectBox, FrameMonitor
from studio.ui.show_state import ShowState
from studio.ui.studio_monitors import TALLY_STYLES, preview_caption, program_caption

TALLY_BORDERS = {"program": "#e53935", "preview": "#43a047", "idle": "#3a3f47"}


class Tile(QFrame):
    """One picture with its label above it, framed in its tally colour."""

    def __init__(self, name: str, monitor: FrameMonitor, tally: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"multiview_{name}")
        self.name = name
        self.monitor = monitor
        self.label = ElidedLabel(monitor.title.upper(), object_name="monitor_title")
        self.badge = QLabel(objectName="tally")
        self.badge.hide()
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.label, 1)
        header.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(AspectBox(monitor), 1)
        self.set_tally(tally)

    def set_tally(self, tally: str) -> None:
        self.tally = tally
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ border: 4px solid {TALLY_BORDERS[tally]}; "
                           "background: #101214; }")

    def set_badge(self, text: str | None) -> None:
        self.badge.setVisible(bool(text))
        if text:
            self.badge.setText(text)
            self.badge.setStyleSheet(TALLY_STYLES[text])


class Multiview(QWidget):
    def __init__(self, state: ShowState, reader_factory: Callable[[str], FrameReader] = FrameReader,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("multiview")
        self.state = state
        self.tiles = {
            "preview": Tile("preview", FrameMonitor("Preview", reader_factory=reader_factory), "preview"),
            "program": Tile("program", FrameMonitor("Program", reader_factory=reader_factory), "idle"),
            "program_vertical": Tile("program_vertical", FrameMonitor("9:16", reader_factory=reader_factory,
                                                                      aspect=(9, 16)), "idle"),
        }
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setSpacing(6)
        self.grid.addWidget(self.tiles["preview"], 0, 0)
        self.grid.addWidget(self.tiles["program"], 0, 1)
        self.grid.addWidget(self.tiles["program_vertical"], 0, 2)   # 9:16 beside two 16:9 of the same height
        for column, stretch in enumerate((16, 16, 0)):     # 5 for the 9:16 column once there is one
            self.grid.setColumnStretch(column, stretch)
        self.bottom = QHBoxLayout()          # the inputs (a later issue), smaller, under the big three
        self.bottom.addStretch(1)
        self.grid.addLayout(self.bottom, 1, 0, 1, 3)
        self.grid.setRowStretch(0, 3)
        self.grid.setRowStretch(1, 0)        # 2 once an input has a tile there
        self.tiles["preview"].label.setText(preview_caption({}))
        self.tiles["program"].label.setText(program_caption({}))
        self.tiles["program_vertical"].hide()
        self._show_tally(False)
        state.changed.connect(self._on_change)
        self.pause()

    def add_tile(self, tile: Tile) -> None:
        """An input's tile in the bottom row (the Inputs issue)."""
        self.tiles[tile.name] = tile
        self.bottom.insertWidget(self.bottom.count() - 1, tile)
        self.grid.setRowStretch(1, 2)

    def monitors(self) -> list[FrameMonitor]:
        return [tile.monitor for tile in self.tiles.values()]

    def pause(self) -> None:
        for monitor in self.monitors():
            monitor.pause()

    def resume(self) -> None:
        for monitor in self.monitors():
            monitor.resume()

    def _on_change(self, part: str) -> None:
        snapshot = self.state.state
        if part == "frames":
            frames = snapshot.get("frames") or {}
            for name in ("preview", "program", "program_vertical"):
                self.tiles[name].monitor.set_frame_source((frames.get(name) or {}).get("name"))
        elif part == "canvases":
            vertical = (snapshot.get("canvases") or {}).get("vertical") is not None
            self.tiles["program_vertical"].setVisible(vertical)
            self.grid.setColumnStretch(2, 5 if vertical else 0)
        elif part == "live":
            self._show_tally(bool(snapshot.get("live")))
        elif part == "program":
            self.tiles["program"].label.setText(program_caption(snapshot))
        elif part in ("preview", "segments"):
            self.tiles["preview"].label.setText(preview_caption(snapshot))

    def _show_tally(self, live: bool) -> None:
        """Program tiles framed red with ON AIR only while the show is live; grey with REHEARSAL otherwise."""
        self.tiles["program"].set_badge("ON AIR" if live else "REHEARSAL")
        self.tiles["program_vertical"].set_badge("ON AIR" if live else None)     # narrow: the grey frame says it
        for name in ("program", "program_vertical"):
            self.tiles[name].set_tally("program" if live else "idle")

    def stop(self) -> None:
        for monitor in self.monitors():
            monitor.stop()


class CentralViews(QStackedWidget):
    """The middle of the window: the studio-mode monitors, or the multiview (View > Multiview)."""

    def __init__(self, studio: QWidget, multiview: Multiview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("central_views")
        self.studio, self.multiview = studio, multiview
        self.addWidget(studio)
        self.addWidget(multiview)

    @property
    def multiview_shown(self) -> bool:
        return self.currentWidget() is self.multiview

    def show_multiview(self, on: bool) -> None:
        if on == self.multiview_shown:
            return
        (self.studio.pause if on else self.multiview.pause)()
        self.setCurrentWidget(self.multiview if on else self.studio)
        (self.multiview.resume if on else self.studio.resume)()
