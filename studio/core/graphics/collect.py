"""How a graphic's finished layers reach the picture: collected from the renderer, then swapped in on
every canvas on the same frame.

ProgramGraphics (program.py) asks the graphics process for each canvas's layers and, once a tick,
collects what has finished: a canvas's new layers wait in `Pictures.ready` until no other canvas of the
same graphic still waits for its own, then all of them are swapped in together (a take's card reaches
the landscape and the vertical streams on one frame however late one of them was drawn). An
update_together group (an edit of a product several graphics show) swaps in as one, across graphics.
"""

from __future__ import annotations

from studio.core.graphics.kinds import GRAPHIC_KINDS, Z_ORDER
from studio.core.graphics.slots import HIDDEN, Slot


class LayerCollection:
    """ProgramGraphics's collecting half (a mixin: it uses the graphics' renderer, cache, slots and groups)."""

    def _collect_everywhere(self) -> None:
        for canvas in self._sizes:
            self._cache.collect(canvas)
        for slot in [self._slots[kind] for kind in Z_ORDER if self._slots[kind].phase != HIDDEN]:
            for canvas in self._sizes:
                self._collect(slot, canvas)
            self._swap_in_ready(slot)

    def _swap_in_ready(self, slot: Slot) -> None:
        """Each canvas's finished layers of `slot`, swapped in together once no canvas waits for its own (an
        update_together in flight decides for every canvas: `_swap_in_groups`)."""
        pictures_of = slot.pictures
        if GRAPHIC_KINDS[slot.kind].clock_driven or any(
                pictures.group is not None or pictures.waiting() for pictures in pictures_of.values()):
            return
        for canvas, pictures in pictures_of.items():
            ready, pictures.ready = pictures.ready, None
            if ready is not None and ready[0] > pictures.shown:     # never older than what is up
                pictures.shown, pictures.layers, pictures.drawn = ready
                self._keep(slot.kind, canvas, pictures)

    def _swap_in_groups(self) -> None:
        """Swap in the layers of each update_together group once every member has them, all at once."""
        for group, members in list(self._groups.items()):
            waiting = False
            for kind, canvas in list(members):
                pictures = self._slots[kind].pictures[canvas]
                if pictures.group != group:    # changed again, or hidden, since: no longer waited for
                    members.discard((kind, canvas))
                    continue
                rendered = self._renderer.take((kind, canvas))
                if rendered is not None and rendered.version == pictures.requested:
                    pictures.staged = rendered
                waiting = waiting or pictures.staged is None
            if waiting:
                continue
            for kind, canvas in members:
                pictures = self._slots[kind].pictures[canvas]
                if pictures.staged.layers is not None:   # a failed render keeps the previous layers up
                    pictures.layers, pictures.shown = pictures.staged.layers, pictures.staged.version
                    pictures.drawn = pictures.asked.get(pictures.staged.version)
                    self._keep(kind, canvas, pictures)
                pictures.asked = {v: d for v, d in pictures.asked.items() if v > pictures.staged.version}
                if pictures.ready is not None and pictures.ready[0] <= pictures.staged.version:
                    pictures.ready = None       # finished before the update: older than what it swaps in
                pictures.group = pictures.staged = None
            del self._groups[group]

    def _keep(self, kind: str, canvas: str, pictures) -> None:
        """Keep layers just swapped in for a later show of the same data (unless an older theme drew them)."""
        if pictures.shown > self._theme_from:
            self._cache.keep(kind, canvas, pictures.drawn, self._theme, pictures.layers)

    def _collect(self, slot: Slot, canvas: str) -> None:
        """Stage the newest layers the renderer finished for this graphic on `canvas`, whole (`_swap_in_ready`)."""
        pictures = slot.pictures[canvas]
        if GRAPHIC_KINDS[slot.kind].clock_driven:
            if pictures.wanted_face != pictures.countdown_face:
                self._swap_in_face(slot, canvas)
            return
        if pictures.group is not None:
            return   # swapped in with the rest of its group (apply)
        if pictures.from_ahead is not None:
            self._collect_ahead(slot, canvas)
        rendered = self._renderer.take((slot.kind, canvas))
        if rendered is None:
            return
        pictures.answered = max(pictures.answered, rendered.version)
        if (rendered.layers is not None and rendered.version >= pictures.accept_from
                and rendered.version > max(pictures.shown, pictures.ready[0] if pictures.ready else 0)):
            pictures.ready = (rendered.version, rendered.layers, pictures.asked.get(rendered.version))
        pictures.asked = {version: data for version, data in pictures.asked.items() if version > rendered.version}

    def _collect_ahead(self, slot: Slot, canvas: str) -> None:
        """Stage the layers drawn ahead for this graphic's data once kept; draw them here if that job
        went (replaced by a newer ask before it started, or failed)."""
        pictures = slot.pictures[canvas]
        version, data = pictures.from_ahead
        kept = self._cache.get(slot.kind, canvas, data, self._theme)
        if kept is not None:
            pictures.from_ahead = None
            pictures.answered = max(pictures.answered, version)
            if version >= pictures.accept_from and version > pictures.shown:
                pictures.ready = (version, kept, data)
        elif self._cache.drawing(slot.kind, canvas, data, self._theme) is None:
            pictures.from_ahead = None
            pictures.needs_render = True   # next frame asks for its own render
