"""What the engine composes with, besides its sources: overlays on the program and the canvases beside it."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from studio.core.output.encoder import EncoderSettings


class ProgramOverlay(Protocol):
    def composite(self, frame_bgr: np.ndarray, show_time_s: float) -> None: ...


class ExtraCanvas(Protocol):
    """A canvas beside the main one (studio.core.vertical_canvas.VerticalCanvas)."""

    name: str
    settings: EncoderSettings
    frame: np.ndarray

    def reframe(self, source_bgr: np.ndarray) -> None: ...
    def show_plain_slate(self) -> None: ...
    def draw_graphics(self, show_time_s: float) -> None: ...
