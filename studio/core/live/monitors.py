"""Program and preview monitors: small pictures in shared memory for the window and the host view.

The preview is what Take would put on air: the clean source picture with the
previewed product's card, drawn by a second ProgramGraphics at monitor size. It
is drawn every third frame; the program monitor is a resize of every other encoded frame.
A show with a vertical canvas also publishes that canvas's program (`program_vertical`,
9:16), read from the canvas after the same frame's encode, at the program's rate.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from studio.core import picture

from studio.core.frames import FramePublisher, unique_frame_name
from studio.core.graphics.model import ProductView, card_for_show
from studio.core.graphics.program import ProgramGraphics

MONITOR_WIDTH, MONITOR_HEIGHT = 640, 360
# The vertical monitor: 9:16 with as many pixels as the landscape one (same publishing cost).
VERTICAL_MONITOR_WIDTH, VERTICAL_MONITOR_HEIGHT = 270, 480
# The preview changes only when a producer sets something up: 10 fps at 30 fps keeps its cost small.
PREVIEW_EVERY_FRAMES = 3
# Program monitor at 15 fps (at a 30 fps canvas): smooth enough to watch, half the cost (bench_control).
PROGRAM_EVERY_FRAMES = 2


class Monitors:
    def __init__(self, width: int = MONITOR_WIDTH, height: int = MONITOR_HEIGHT):
        self.program = FramePublisher(unique_frame_name("program"), width, height)
        self.preview = FramePublisher(unique_frame_name("preview"), width, height)
        # Drawn by a graphics process of its own, started when the first card is cued (a show nobody cues
        # a product in costs no process); the monitor's frame never waits for it (a late card shows on a
        # later preview frame), so the preview costs the frame loop only its composite.
        self.preview_graphics = ProgramGraphics(width, height, render_process=True, render_wait_s=0.0,
                                                start_renderer_now=False)
        self._preview_frame = np.zeros((height, width, 3), np.uint8)
        self._frame_count = 0
        self._scratch: dict = {}
        self._preview_card: str | None = None
        self.vertical: FramePublisher | None = None
        # The switcher's Preview (an input or layout cued): draws it into the monitor's picture, False when
        # nothing is cued (studio/core/inputs/switcher.py Switcher.preview_bgr).
        self.preview_layout: Callable[[float, np.ndarray], bool] | None = None
        self._vertical_canvas = None

    def add_vertical(self, canvas) -> None:
        """Publish `canvas.frame` (the vertical canvas, studio.core.vertical_canvas) as `program_vertical`."""
        self._vertical_canvas = canvas
        self.vertical = FramePublisher(unique_frame_name("program-vertical"), VERTICAL_MONITOR_WIDTH,
                                       VERTICAL_MONITOR_HEIGHT)

    def describe(self) -> dict:
        publishers = [("program", self.program), ("preview", self.preview)]
        if self.vertical is not None:
            publishers.append(("program_vertical", self.vertical))
        return {role: {"name": publisher.name, "width": publisher.width, "height": publisher.height}
                for role, publisher in publishers}

    def set_preview_product(self, view: ProductView | None, utm_campaign: str) -> None:
        """Engine thread: the card the preview shows (None: no card)."""
        sku = view.sku if view is not None else None
        if sku == self._preview_card:
            return
        self._preview_card = sku
        if view is None:
            self.preview_graphics.hide("card")
        else:
            self.preview_graphics.show("card", card_for_show(view, utm_campaign), instant=True)

    # An overlay placed before the program graphics: it sees the clean source picture.
    # The program may be I420 (studio/core/picture.py): scaled first, converted at the preview's size.
    def composite(self, frame: np.ndarray, show_time_s: float) -> None:
        self._frame_count += 1
        if self._frame_count % PREVIEW_EVERY_FRAMES:
            return
        if self.preview_layout is None or not self.preview_layout(show_time_s, self._preview_frame):
            picture.bgr_at_size(frame, self._preview_frame, self._scratch)
        self.preview_graphics.composite(self._preview_frame, show_time_s)
        self.preview.publish(self._preview_frame)

    def after_frame(self, frame_index: int, program: np.ndarray) -> None:
        if frame_index % PROGRAM_EVERY_FRAMES == 0:
            self.program.publish(program)
            if self.vertical is not None:
                self.vertical.publish(self._vertical_canvas.frame)

    def close(self) -> None:
        self.preview_graphics.close()
        self.program.close()
        self.preview.close()
        if self.vertical is not None:
            self.vertical.close()
