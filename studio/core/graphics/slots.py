"""One graphic's slot on the program: its phase and entrance clock, kept once, and each canvas's pictures of it.

studio/core/graphics/program.py owns the slots; a layer is rendered (render_jobs.py, in the graphics
process: render_process.py) and placed by the canvas's layout, then moved and faded per frame by its
slot's phase.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.composite import Layer
from studio.core.graphics.animation import TRANSITION_S
from studio.core.graphics.kinds import GRAPHIC_KINDS

HIDDEN, ENTERING, SHOWN, LEAVING = "hidden", "entering", "shown", "leaving"


@dataclass
class PlacedLayer:
    layer: Layer
    dx: int
    dy: int
    scroll_period_px: int
    window_width: int
    scroll_speed_px_s: float
    # The layer without its fully transparent margins, blended when it is not scaled; `layer`
    # itself is what a pop-in scales, so an entrance looks exactly as before the trimming.
    trimmed: Layer | None = None
    trim_dx: int = 0
    trim_dy: int = 0


class Pictures:
    """One graphic's pictures for one canvas."""

    def __init__(self) -> None:
        self.layers: list[PlacedLayer] = []
        self.needs_render = False
        self.countdown_face = None   # the countdown's face `layers` show
        self.wanted_face = None      # the face this frame should show (drawn ahead by the renderer)
        self.requested = 0     # the version of the layers last asked of the renderer
        self.from_ahead = None  # (version, data): `requested` is being drawn by a job asked ahead (layer_cache)
        self.shown = 0         # the version of `layers`
        self.accept_from = 0   # layers older than this belong to an earlier time on air
        self.asked: dict[int, object] = {}  # version -> the data its layers are drawn from, until swapped in
        self.drawn: object | None = None    # the data `layers` were drawn from
        self.group: int | None = None       # an update these layers swap in with, all together (update_together)
        self.staged = None                  # its finished layers, waiting for the rest of the group
        # (version, layers, data) finished for this canvas, swapped in once no other canvas of the graphic
        # still waits for its own (collect.py `_swap_in_ready`): every canvas changes on the same frame
        self.ready: tuple[int, list, object] | None = None
        self.answered = 0      # the newest version the renderer answered (drawn, or failed)

    def waiting(self) -> bool:
        """Layers asked for are not finished yet (a failed render counts as finished: it keeps the old up)."""
        settled = max(self.shown, self.answered, self.ready[0] if self.ready else 0)
        return self.needs_render or self.from_ahead is not None or self.requested > settled


class Slot:
    """One graphic's state on the engine thread, shared by every canvas."""

    def __init__(self, kind: str, canvases) -> None:
        self.kind = kind
        self.data: object | None = None
        self.pictures: dict[str, Pictures] = {name: Pictures() for name in canvases}
        self.phase = HIDDEN
        self.phase_started_s = 0.0
        self.on_air_since_s = 0.0

    def invalidate(self) -> None:
        """The data (or theme) changed: every canvas redraws before its next frame."""
        for pictures in self.pictures.values():
            pictures.needs_render = True
            pictures.countdown_face = pictures.wanted_face = None
            pictures.group = pictures.staged = None   # a newer change: drawn on its own

    def on_screen(self, canvas: str) -> bool:
        return self.phase != HIDDEN and bool(self.pictures[canvas].layers)

    def drawn_data(self, canvas: str):
        """The data the layers on `canvas` were drawn from (a clock-driven graphic: its data, redrawn by itself)."""
        return self.data if GRAPHIC_KINDS[self.kind].clock_driven else self.pictures[canvas].drawn

    def shows_newest(self) -> bool:
        """On screen on every canvas, drawn from its newest data."""
        return self.phase != HIDDEN and all(
            pictures.layers and (GRAPHIC_KINDS[self.kind].clock_driven or pictures.drawn == self.data)
            for pictures in self.pictures.values())

    def drawn_everywhere(self) -> bool:
        return all(pictures.layers for pictures in self.pictures.values())

    def visibility(self, now_s: float) -> float:
        progress = min(1.0, max(0.0, (now_s - self.phase_started_s) / TRANSITION_S))
        return {HIDDEN: 0.0, SHOWN: 1.0, ENTERING: progress, LEAVING: 1.0 - progress}[self.phase]

    def enter(self, now_s: float) -> None:
        if self.phase in (ENTERING, SHOWN):
            return
        if self.phase == HIDDEN:
            self.on_air_since_s = now_s
        # Start from wherever a half-finished exit left it, so nothing jumps.
        self.phase_started_s = now_s - self.visibility(now_s) * TRANSITION_S
        self.phase = ENTERING

    def cut_in(self, now_s: float) -> None:
        if self.phase == HIDDEN:
            self.on_air_since_s = now_s
        self.phase = SHOWN

    def leave(self, now_s: float) -> None:
        if self.phase in (HIDDEN, LEAVING):
            return
        self.phase_started_s = now_s - (1.0 - self.visibility(now_s)) * TRANSITION_S
        self.phase = LEAVING

    def advance(self, now_s: float) -> None:
        if self.phase in (ENTERING, LEAVING) and now_s - self.phase_started_s >= TRANSITION_S:
            self.phase = SHOWN if self.phase == ENTERING else HIDDEN
            if self.phase == HIDDEN:
                # Free the pixels of graphics that are off air; showing again re-renders.
                for pictures in self.pictures.values():
                    pictures.layers, pictures.drawn, pictures.ready = [], None, None
                    pictures.accept_from = pictures.requested + 1
                self.invalidate()
