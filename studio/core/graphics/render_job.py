"""A renderer job named, not imported: the frame loop's side of render_jobs.py, without Qt.

ProgramGraphics describes each drawing as a RenderJob (a function of render_jobs.py by name, and its
arguments: plain, picklable data). The renderer thread calls it in the engine process (tools, tests:
render_jobs is imported then) or sends it to the graphics process (render_process.py), so the
engine process never imports Qt to describe what it wants drawn.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

RENDER_JOBS_MODULE = "studio.core.graphics.render_jobs"


@dataclass(frozen=True)
class RenderJob:
    function: str          # a function of render_jobs.py: render_layers, countdown_layers
    arguments: tuple

    def __call__(self) -> list:
        return getattr(importlib.import_module(RENDER_JOBS_MODULE), self.function)(*self.arguments)

    def __repr__(self) -> str:        # logged when it fails: the graphic, not its whole data
        return f"{self.function}({self.arguments[0]!r}, ...)"
