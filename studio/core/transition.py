"""A dissolve of the whole program picture, graphics included, on every canvas.

On a take with Fade the engine hands over the picture each canvas aired last
frame (the outgoing picture); for the next N frames the canvas's composed
picture (the incoming one) is replaced by outgoing * (1 - t) + incoming * t,
t = k/N for k = 1..N, so the take's own frame is already 1/N of the way and
frame N - 1 after it is the incoming picture alone. A manual transition (the
T-bar) holds the outgoing picture and blends at whatever position it is given
until it is finished. Nothing is blended while no transition runs.

Engine thread only. Cost: one copy of the outgoing picture per canvas at the
take, one `pixels.mix` over the picture per canvas per frame of the fade.
"""

from __future__ import annotations

import logging
from typing import Callable

import numpy as np

from studio.core import pixels

log = logging.getLogger(__name__)

FADE_NAME = "Fade"


def fade_frames(duration_ms: float, fps: float) -> int:
    """N, the frames a fade of `duration_ms` lasts at `fps` (at least one)."""
    return max(1, round(duration_ms * fps / 1000))


class ProgramTransition:
    def __init__(self) -> None:
        self._outgoing: dict[str, np.ndarray] = {}  # per canvas, reused from one transition to the next
        self._active = False
        self._frames = 0      # N of an automatic fade
        self._done = 0        # frames of it blended so far
        self._position: float | None = None  # a manual (T-bar) transition's position
        self._when_done: list[Callable[[], None]] = []

    @property
    def active(self) -> bool:
        return self._active

    @property
    def held(self) -> bool:
        """A manual transition runs: the T-bar holds it until `finish`."""
        return self._active and self._position is not None

    @property
    def position(self) -> float | None:
        return self._position

    def start(self, outgoing: dict[str, np.ndarray], duration_frames: int) -> None:
        """Fade from `outgoing` (each canvas's last aired picture, copied here) over `duration_frames`."""
        if duration_frames < 1:
            raise ValueError(f"a fade lasts at least one frame, not {duration_frames}")
        self._keep(outgoing)
        self._frames, self._done, self._position = duration_frames, 0, None

    def hold(self, outgoing: dict[str, np.ndarray], position: float = 0.0) -> None:
        """A manual transition from `outgoing`, shown at `position` until moved or finished."""
        self._keep(outgoing)
        self._position = self._checked(position)

    def move(self, position: float) -> None:
        if not self.held:
            raise RuntimeError("no manual transition to move")
        self._position = self._checked(position)

    def finish(self) -> None:
        """The incoming picture alone from the next frame on."""
        self._active, self._position = False, None
        self._done_now()

    def when_done(self, callback: Callable[[], None]) -> None:
        """Call `callback` once no transition runs: now, or when this one (or one started during
        it) is over."""
        if self._active:
            self._when_done.append(callback)
        else:
            callback()

    def _done_now(self) -> None:
        callbacks, self._when_done = self._when_done, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # the frame loop runs this: a listener's bug must not stop the show
                log.exception("a transition's end listener failed")

    def blend(self, pictures: dict[str, np.ndarray]) -> float | None:
        """Once per frame, after every canvas is composed: blend each picture (in place) with its
        outgoing one. Returns the incoming picture's weight t, or None when no transition runs."""
        if not self._active:
            return None
        if self._position is not None:
            weight = self._position
        else:
            self._done += 1
            weight = self._done / self._frames
            if self._done >= self._frames:
                self._active = False
                self._done_now()
        if weight < 1.0:
            for name, picture in pictures.items():
                outgoing = self._outgoing.get(name)
                if outgoing is not None and outgoing.shape == picture.shape:
                    pixels.mix(picture, outgoing, weight)
        return weight

    def _keep(self, outgoing: dict[str, np.ndarray]) -> None:
        for name, picture in outgoing.items():
            kept = self._outgoing.get(name)
            if kept is None or kept.shape != picture.shape:
                kept = self._outgoing[name] = np.empty_like(picture)
            np.copyto(kept, picture)
        self._active = True

    @staticmethod
    def _checked(position: float) -> float:
        position = float(position)
        if not 0.0 <= position <= 1.0:
            raise ValueError(f"a transition's position is 0.0..1.0, not {position}")
        return position


def start_take_transition(engine, transition: tuple[str, float]) -> None:
    """For a take applied this frame: dissolve the program when `transition` (name, duration_ms) is
    a Fade; a Cut needs nothing. The take's graphics then cut in: the dissolve is their entrance."""
    name, duration_ms = transition
    if name == FADE_NAME and not engine.transition_held:  # under the T-bar, the T-bar drives it
        engine.start_transition(fade_frames(duration_ms, engine.settings.fps))


def drive_tbar(engine, position: float, release: bool, take) -> dict:
    """A T-bar move (OBS's SetTBarPosition), applied this frame. The first move makes the take
    (`take()`, its answer returned) under a held transition from the picture aired last frame;
    every move shows the blend at `position`; `release`, or reaching 1.0, completes the take."""
    result = {}
    if engine.transition_held:
        engine.move_transition(position)
    else:
        engine.hold_transition(position)
        try:
            result = take()
        except BaseException:
            engine.finish_transition()
            raise
    if release or position >= 1.0:
        engine.finish_transition()
    return result
