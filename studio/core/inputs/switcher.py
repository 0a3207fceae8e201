"""The switcher: the show's named inputs and the layouts on Program and in Preview.

It is the engine's one video source when a show has inputs. Each frame it composes Program's
layout from each input's newest picture (studio/core/inputs/feed.py) and never waits for one: an
input with nothing new repeats its last picture, and one that has sent nothing for HOLD_S (or
never yet) shows its own slate, with its name, until pictures flow again. So the program's frame
rate never depends on an input. Inputs are added, removed, cued and taken on the engine thread
(live commands); their readers run on threads of their own.
"""

from __future__ import annotations

import logging

import numpy as np

from studio.core import picture
from studio.core.capture.source import VideoSource
from studio.core.frame_fit import fit_into
from studio.core.inputs.feed import InputFeed
from studio.core.inputs.layout import Layout
from studio.core.inputs.layouts import compose
from studio.core.slate import Slates
from studio.errors import UserInputError

log = logging.getLogger(__name__)

# A lost input's last picture stays this long, then its slate (the engine's camera slate waits as long).
HOLD_S = 2.0


class Switcher(VideoSource):
    description = "switcher"

    def __init__(self, width: int, height: int, hold_s: float = HOLD_S, slates: Slates | None = None):
        """`slates`: where its slates are drawn (the graphics process's, in the engine: slate.py)."""
        self.width, self.height = width, height
        self.hold_s = hold_s
        self.inputs: dict[str, InputFeed] = {}
        self.program: Layout | None = None
        self.preview: Layout | None = None
        self.picture_format = picture.BGR
        self._slates = slates or Slates()
        self._targets: dict[tuple[int, int], np.ndarray] = {}
        self._started = False
        self._program_changed = False
        self._show_time_s = 0.0

    # -- engine thread ------------------------------------------------------------------------------

    def add(self, feed: InputFeed) -> None:
        """A new input (its name not taken yet); the first one goes on Program."""
        if feed.name in self.inputs:
            raise UserInputError(f"there is an input {feed.name!r} already")
        feed.prefer_format(self.picture_format)
        self.inputs[feed.name] = feed
        if self.program is None:
            self.program = Layout("full", (feed.name,))
        if self._started:
            feed.start()

    def remove(self, name: str) -> InputFeed:
        """Take an input out (not while Program shows it); the caller closes the feed off the frame loop."""
        self.need(name)
        if self.program is not None and name in self.program.inputs:
            raise UserInputError(f"input {name} is on Program: take another input first")
        if self.preview is not None and name in self.preview.inputs:
            self.preview = None
        return self.inputs.pop(name)

    def need(self, name: str) -> InputFeed:
        feed = self.inputs.get(name)
        if feed is None:
            raise UserInputError(f"no input {name!r}; inputs: {', '.join(self.inputs) or 'none'}")
        return feed

    def cue(self, layout: Layout) -> None:
        """Preview shows `layout`; Take puts it on Program."""
        for name in layout.inputs:
            self.need(name)
        self.preview = layout

    def take(self) -> Layout:
        """Program shows what Preview showed; Preview is empty again. ValueError when nothing is cued."""
        if self.preview is None:
            raise ValueError("no input or layout in Preview")
        self.program, self.preview = self.preview, None
        self._program_changed = True
        return self.program

    def put_on_program(self, layout: Layout) -> None:
        for name in layout.inputs:
            self.need(name)
        self.program = layout
        self._program_changed = True

    def changed_by_commands(self) -> bool:
        changed, self._program_changed = self._program_changed, False
        return changed

    def prefer_format(self, picture_format: str) -> None:
        self.picture_format = picture_format
        for feed in self.inputs.values():
            feed.prefer_format(picture_format)

    def start(self) -> None:
        self._started = True
        for feed in self.inputs.values():
            feed.start()

    def frame_at(self, show_time_s: float) -> np.ndarray:
        self._show_time_s = show_time_s
        return self.compose(self.program, show_time_s, self.width, self.height, self.picture_format)

    def picture_for(self, canvas: str, width: int, height: int, source: np.ndarray) -> np.ndarray:
        """A layout of several inputs composed again at the other canvas's size and shape (on a portrait
        canvas: stacked, the second input above the first); one input full screen is cropped as a camera is."""
        if self.program is None or self.program.kind == "full":
            return source
        return self.compose(self.program, self._show_time_s, width, height, self.picture_format)

    def compose(self, layout: Layout | None, show_time_s: float, width: int, height: int,
                picture_format: str) -> np.ndarray:
        """`layout` as a picture (`width` x `height` unless it is one input full screen)."""
        if layout is None:
            return self._slate("no input", "No input", width, height, picture_format)
        target = self._target(width, height, picture_format) if layout.kind != "full" else None

        def picture_of(name: str) -> np.ndarray:
            return self.picture_of(name, show_time_s, width, height, picture_format)
        return compose(layout, picture_of, target)

    def picture_of(self, name: str, show_time_s: float, width: int, height: int, picture_format: str) -> np.ndarray:
        """The input's newest picture, its last one held, or its slate once it has been gone for `hold_s`."""
        feed = self.inputs.get(name)
        if feed is None:
            return self._slate(name, f"{name}: no such input", width, height, picture_format)
        latest, _ = feed.newest(show_time_s)
        if latest is not None and (feed.kind == "image" or feed.age_s() < self.hold_s or feed.state == "ended"):
            return picture.as_format(latest, picture_format)
        waiting = feed.state in ("connecting", "listening") and feed.losses == 0
        return self._slate(name, f"{name}: {'waiting for the stream' if waiting else 'back in a moment'}",
                           width, height, picture_format)

    def _slate(self, name: str, text: str, width: int, height: int, picture_format: str) -> np.ndarray:
        return self._slates.picture(width, height, text, picture_format)

    def _target(self, width: int, height: int, picture_format: str) -> np.ndarray:
        key = (width, height, picture_format)
        target = self._targets.get(key)
        if target is None:
            target = self._targets[key] = picture.blank(width, height, picture_format)
        return target

    def infos(self) -> list[dict]:
        """Each input's state, size, rate and latency, and whether Program or Preview shows it."""
        on_program = set(self.program.inputs) if self.program else set()
        in_preview = set(self.preview.inputs) if self.preview else set()
        return [{**feed.info(), "program": name in on_program, "preview": name in in_preview}
                for name, feed in self.inputs.items()]

    def preview_bgr(self, show_time_s: float, out_bgr: np.ndarray) -> bool:
        """Preview's layout drawn into `out_bgr` (a monitor); False when nothing is cued."""
        if self.preview is None:
            return False
        height, width = out_bgr.shape[:2]
        fit_into(self.compose(self.preview, show_time_s, width, height, picture.BGR), out_bgr)   # as Program fits it
        return True

    def close(self) -> None:
        for feed in self.inputs.values():
            try:
                feed.close()
            except Exception:      # one input failing to close must not keep the others open
                log.exception("closing input %s", feed.name)
