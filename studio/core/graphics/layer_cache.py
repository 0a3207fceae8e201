"""Layers drawn ahead of use, kept by the data they show, so a take costs its frame only a composite.

ProgramGraphics asks the renderer for layers before they are needed (what Preview holds, the
countdown's next second) and keeps the last few layers of each graphic on each canvas, whoever
asked for them. A graphic whose new data was drawn before (the product taken a minute ago, the
one in Preview, the second the countdown reaches now) swaps those layers in on the frame that
shows it, without waiting for the renderer. The engine thread reads and keeps; `ask` may come from
any thread (a take's card asked for as its request arrives, before its frame).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

# Per graphic and canvas: a producer going back and forth between a few products, and the
# countdown's current and next second. A 1080p card is about 1 MB of layers.
LAYERS_KEPT = 4


class LayerCache:
    def __init__(self, renderer, versions) -> None:
        """`renderer`: studio.core.graphics.render_worker's RenderWorker or InlineRenderer;
        `versions`: the graphics' shared version counter."""
        self._renderer = renderer
        self._versions = versions
        self._kept: dict[tuple[str, str], list[tuple[object, object, list]]] = {}   # newest last
        self._asked: dict[Hashable, tuple[str, str, object, object, int]] = {}     # renderer key -> job
        self._lock = threading.Lock()   # `ask` from any thread

    def get(self, kind: str, canvas: str, data, theme) -> list | None:
        """The layers drawn for `data` with `theme` on `canvas`, if kept (None: not drawn, or its
        render failed)."""
        with self._lock:
            entry = self._entry(kind, canvas, data, theme)
        return None if entry is None else entry[2]

    def known(self, kind: str, canvas: str, data, theme) -> bool:
        """Drawn already or being drawn (a failed render counts: it is not asked again each frame)."""
        with self._lock:
            return self._entry(kind, canvas, data, theme) is not None or any(
                job[0] == kind and job[1] == canvas and job[3] is theme and job[2] == data
                for job in self._asked.values())

    def drawing(self, kind: str, canvas: str, data, theme) -> Hashable | None:
        """The renderer key of a job asked for `data` and not collected yet, if any."""
        with self._lock:
            return next((key for key, job in self._asked.items()
                         if job[0] == kind and job[1] == canvas and job[3] is theme and job[2] == data), None)

    def keep(self, kind: str, canvas: str, data, theme, layers: list | None) -> None:
        """Keep `layers` (None: its render failed) as the picture of `data` in `theme`."""
        if data is None:
            return
        with self._lock:
            kept = [entry for entry in self._kept.get((kind, canvas), ())
                    if not (entry[1] is theme and entry[0] == data)]
            kept.append((data, theme, layers))
            self._kept[(kind, canvas)] = kept[-LAYERS_KEPT:]

    def _entry(self, kind: str, canvas: str, data, theme):
        for entry in reversed(self._kept.get((kind, canvas), ())):
            if entry[1] is theme and entry[0] == data:
                return entry
        return None

    def ask(self, key: Hashable, kind: str, canvas: str, data, theme, render: Callable[[], list]) -> None:
        """Draw `data` ahead under the renderer key `key` (a newer job under the same key replaces
        one not started: a Preview changed twice draws only its last product)."""
        with self._lock:
            version = next(self._versions)
            self._asked[key] = (kind, canvas, data, theme, version)
            self._renderer.submit(key, version, render)

    def ask_once(self, key: Hashable, kind: str, canvas: str, data, theme, render: Callable[[], list]) -> None:
        """`ask`, unless `data` is drawn or being drawn already."""
        if not self.known(kind, canvas, data, theme):
            self.ask(key, kind, canvas, data, theme, render)

    def collect(self, canvas: str) -> None:
        """Keep every job for `canvas` the renderer has finished."""
        with self._lock:
            asked = [(key, job) for key, job in self._asked.items() if job[1] == canvas]
        for key, (kind, _, data, theme, version) in asked:
            rendered = self._renderer.take(key)
            if rendered is None:
                continue
            with self._lock:
                if key in self._asked and self._asked[key][4] == version:
                    del self._asked[key]
            if rendered.version == version:
                self.keep(kind, canvas, data, theme, rendered.layers)

    def forget(self) -> None:
        """A new theme: nothing kept is drawn in it."""
        with self._lock:
            self._kept.clear()
