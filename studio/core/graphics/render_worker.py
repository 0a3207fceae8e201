"""Graphics rendered off the frame thread: the frame loop only composites layers that are ready.

ProgramGraphics hands each (graphic, canvas) whose data changed to a renderer as a job
(a function returning that graphic's layers, tagged with a version). `RenderWorker`
draws them on a thread of its own (QPainter on QImage is safe off the GUI thread), or,
in the engine, hands them from that thread to the graphics process (render_process.py);
the frame loop picks finished layers up at its next frame and swaps them in whole.
A newer job for the same graphic replaces one not started yet, so a fast edit never
piles up work. The frame loop may wait up to RENDER_WAIT_S for a job it just gave, so
an ordinary graphic still lands on the frame that asked for it; a long one never makes the frame late: the previous layers stay up
until its own are ready. `InlineRenderer` draws at once on the caller's thread, for
tools and tests that want every change in the very next composite.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

# How long a frame may wait for layers it asked for this frame (a 30 fps frame is 33 ms): enough for
# a card (6-15 ms with its QR code and picture) to land on the frame of its take, as the as-run log
# says; a longer render (a 1,000-character slate: 150 ms and more) lands on a later frame instead.
RENDER_WAIT_S = 0.020


@dataclass
class Rendered:
    version: int
    layers: list | None  # None: the render failed (logged); the previous layers stay up


def open_renderer(render_process: bool, render_ahead: bool, start_now: bool = True):
    """The graphics process's renderer (the engine: it loads no Qt), a thread of this process's, or the
    caller's thread (ProgramGraphics's options). `start_now=False`: a graphics process of its own, started
    by the first render (RenderProcess)."""
    if render_process:
        from studio.core.graphics.render_process import RenderProcess, take_warm

        if not start_now:
            return RenderWorker(process=RenderProcess(start_now=False))
        return RenderWorker(process=take_warm() or RenderProcess())
    from studio.core.graphics.render_jobs import prepare_qt

    prepare_qt()
    return RenderWorker() if render_ahead else InlineRenderer()


def _warm_qr_codes_here(texts) -> None:
    from studio.core.graphics.qr import warm_qr_codes

    warm_qr_codes(texts)


class InlineRenderer:
    """Renders at `submit`, on the caller's thread."""

    process = None

    def __init__(self) -> None:
        self._done: dict[Hashable, Rendered] = {}

    def wait_ready(self, timeout_s: float) -> bool:
        return True

    def warm_qr_codes(self, texts) -> None:
        _warm_qr_codes_here(texts)

    def submit(self, key: Hashable, version: int, render: Callable[[], list]) -> None:
        self._done[key] = Rendered(version, _rendered(key, render))

    def wait(self, keys: Iterable[Hashable], timeout_s: float) -> None:
        pass

    def take(self, key: Hashable) -> Rendered | None:
        return self._done.pop(key, None)

    def close(self) -> None:
        pass


class RenderWorker:
    """One thread that renders jobs in the order given, the newest per key. `process`: a RenderProcess
    (render_process.py) the thread hands each job to and waits on; without one it draws them itself."""

    def __init__(self, name: str = "graphics renderer", process=None) -> None:
        self.process = process
        self._changed = threading.Condition()
        self._jobs: dict[Hashable, tuple[int, Callable[[], list]]] = {}  # waiting, by key (insertion order)
        self._busy: Hashable | None = None
        self._done: dict[Hashable, Rendered] = {}
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def wait_ready(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s` for the graphics process to be able to draw (True at once without one)."""
        return self.process is None or self.process.wait_ready(timeout_s)

    def warm_qr_codes(self, texts) -> None:
        """Encode the QR codes a show will put on air, where the graphics are drawn, ahead of their takes."""
        if self.process is not None:
            self.process.warm_qr_codes(texts)
        else:
            _warm_qr_codes_here(texts)

    # -- the frame thread -------------------------------------------------------------------------

    def submit(self, key: Hashable, version: int, render: Callable[[], list]) -> None:
        with self._changed:
            self._jobs.pop(key, None)  # a newer version replaces one not started yet
            self._jobs[key] = (version, render)
            self._changed.notify_all()

    def wait(self, keys: Iterable[Hashable], timeout_s: float | None) -> None:
        """Wait up to `timeout_s` (None: as long as it takes) for the jobs of `keys` given so far to be done."""
        keys = set(keys)
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        with self._changed:
            while keys & (self._jobs.keys() | {self._busy}):
                left = None if deadline is None else deadline - time.monotonic()
                if (left is not None and left <= 0) or self._closed:
                    return
                self._changed.wait(left)

    def take(self, key: Hashable) -> Rendered | None:
        """The newest layers finished for `key` since the last take, if any."""
        with self._changed:
            return self._done.pop(key, None)

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop after the job being drawn (the rest are dropped); waits for the thread."""
        with self._changed:
            self._closed = True
            self._jobs.clear()
            self._changed.notify_all()
        if self.process is not None:
            self.process.close()   # first: a job it is drawing ends the thread's wait for it
        self._thread.join(timeout_s)

    # -- the renderer thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._jobs and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                key = next(iter(self._jobs))
                version, render = self._jobs.pop(key)
                self._busy = key
            layers = self.process.render(key, render) if self.process is not None else _rendered(key, render)
            with self._changed:
                self._busy = None
                done = self._done.get(key)
                if done is None or done.version < version:
                    self._done[key] = Rendered(version, layers)
                self._changed.notify_all()


def _rendered(key: Hashable, render: Callable[[], list]) -> list | None:
    try:
        return render()
    except Exception:
        # A graphic that cannot be drawn must not take the program off air: keep its last picture.
        log.exception("could not render %s; keeping its previous picture", key)
        return None
