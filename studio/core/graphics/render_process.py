"""The graphics process: the engine's graphics drawn with Qt in a process of their own.

The engine process does media only. Qt (QtGui, its fonts, text layout, QPainter), the QR codes and
every conversion of a layer's pixels run here, so none of it shares the engine's interpreter lock,
memory or start-up: `studio broadcast` never imports PySide6 (tests/test_broadcast_imports.py).
ProgramGraphics's renderer thread (render_worker.py) hands this process one job at a time
(render_jobs.py: a picklable call) and waits for its layers, which come back over a pipe: the
pickle's header, then each array's bytes out of band, received straight into the arrays' memory.

A render that raises is logged here and answered with None (the previous layers stay up). A process
that dies (a crash in Qt, a kill) answers the job it was drawing with None, and the next job starts
a fresh one: the program stays on air either way, with the graphics it had.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import threading
import weakref
from collections.abc import Hashable, Iterable
from multiprocessing.connection import Connection

log = logging.getLogger(__name__)

RENDER, WARM_QR_CODES = "render", "warm QR codes"
READY = b"ready"     # the process's first message: Qt and the fonts are loaded
_open_processes: weakref.WeakSet[RenderProcess] = weakref.WeakSet()


class RenderProcess:
    """The engine's end: `render` is called from one thread at a time (the renderer thread)."""

    def __init__(self, context=None, start_now: bool = True) -> None:
        """`context`: the multiprocessing context of its first process (the output workers' fork server
        by default). `start_now=False`: the process starts with the first render (on the renderer thread)
        or wait_ready, so graphics that may never be drawn (the Preview monitor's card) cost no process."""
        self._lock = threading.Lock()
        self._worker = None
        self._ready = False     # the current process said READY
        self._closed = False
        if start_now:
            self._start(context)
        _open_processes.add(self)

    @property
    def pid(self) -> int | None:
        worker = self._worker
        return worker.process.pid if worker is not None else None

    def _start(self, context=None) -> None:
        from studio.core.output.workers import spawn_worker

        self._worker = spawn_worker(run_render_process, (), "graphics renderer", role="graphics renderer",
                                    context=context)
        self._ready = False

    def wait_ready(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s` for the process to have loaded Qt and the fonts (about 0.3 s after its
        start: the engine starts its outputs meanwhile). False when it is not ready by then."""
        with self._lock:
            if self._closed:
                return False
            if self._worker is None:
                self._start()
            return self._await_ready(self._worker, timeout_s)

    def _await_ready(self, worker, timeout_s: float | None) -> bool:
        if not self._ready:
            if timeout_s is not None and not worker.status_reader.poll(timeout_s):
                return False
            if worker.status_reader.recv_bytes() != READY:
                raise EOFError("the graphics process did not start")
            self._ready = True
        return True

    def render(self, key: Hashable, job) -> list | None:
        """`job`'s layers, drawn in the graphics process; None when it failed. A process that ended (killed
        while idle, or a crash) is replaced and the job given to the new one, once: a job that ends two
        processes is answered None, and the program keeps its previous pictures."""
        with self._lock:
            for attempt in range(2):
                if self._closed:
                    return None
                if self._worker is None or not self._worker.process.is_alive():
                    self._replace("had ended")
                worker = self._worker
                try:
                    worker.packet_sender.send((RENDER, job))
                    self._await_ready(worker, None)
                    return _receive_layers(worker.status_reader)
                except (EOFError, OSError, pickle.UnpicklingError) as error:
                    if self._closed:
                        return None
                    log.error("the graphics process ended while drawing %s (%s)%s", key, type(error).__name__,
                              "; a new one draws it" if attempt == 0 else
                              "; the program keeps its previous pictures")
                    worker.discard(timeout_s=0.5)
                    self._worker = None
            return None

    def _replace(self, why: str):
        if self._worker is not None:
            log.warning("the graphics process %s; starting a new one", why)
            self._worker.discard(timeout_s=0.5)
        self._start()
        return self._worker

    def warm_qr_codes(self, texts: Iterable[str | None]) -> None:
        """Encode the QR codes a show will put on air, in the graphics process, ahead of their takes."""
        wanted = [text for text in texts if text]
        with self._lock:
            if self._worker is None or self._closed or not wanted:
                return
            try:
                self._worker.packet_sender.send((WARM_QR_CODES, wanted))
            except OSError:
                pass    # the next render notices and starts a new process

    def close(self, timeout_s: float = 2.0) -> None:
        """End the process: our pipes close and it sees end-of-file. A render in flight holds the lock and
        reads the pipe, which must not be closed under it: the process is terminated instead, which ends
        that read (nothing of a renderer's is lost: it writes no file)."""
        self._closed = True
        if not self._lock.acquire(timeout=0.05):
            worker = self._worker
            if worker is not None:
                worker.process.terminate()
            self._lock.acquire()
        try:
            worker, self._worker = self._worker, None
            if worker is not None:
                worker.discard(timeout_s)
        finally:
            self._lock.release()


_warm: list[RenderProcess] = []


def prestart(fork: bool) -> None:
    """Start a graphics process now, for the first ProgramGraphics to take (`take_warm`): `studio
    broadcast` and `studio engine` call it before they import the engine, so Qt loads in it while the
    engine's own modules load and the first frame does not wait for it. `fork`: forked from this
    process, a command line's, still small then (a fork takes a millisecond, where the fork server would
    first load PyAV); the only other thread then is the one starting the output workers, and os.fork
    holds the import lock across the fork, while the child touches nothing else that thread may hold.
    Not from another program's process (a test's: its threads and descriptors would be copied), nor
    in a frozen build, which spawns it: the fork server's way then."""
    import multiprocessing

    from studio.child_processes import is_frozen

    _warm.append(RenderProcess(multiprocessing.get_context("fork") if fork and not is_frozen() else None))


def take_warm() -> RenderProcess | None:
    """The graphics process `prestart` started, if any and not taken yet."""
    return _warm.pop() if _warm else None


@atexit.register
def _close_all() -> None:
    """A ProgramGraphics nobody closed must not keep the process waiting for its renderer at exit."""
    for process in list(_open_processes):
        process.close(timeout_s=0.5)


def _receive_layers(connection: Connection) -> list | None:
    header = connection.recv_bytes()
    pickled, sizes = pickle.loads(header)
    buffers = []
    for size in sizes:
        buffer = bytearray(size)
        if size:
            connection.recv_bytes_into(buffer)
        else:
            connection.recv_bytes()
        buffers.append(buffer)
    return pickle.loads(pickled, buffers=buffers)


def _send_layers(connection: Connection, layers: list | None) -> None:
    buffers: list[pickle.PickleBuffer] = []
    pickled = pickle.dumps(layers, protocol=5, buffer_callback=buffers.append)
    views = [buffer.raw() for buffer in buffers]
    connection.send_bytes(pickle.dumps((pickled, [view.nbytes for view in views])))
    for view in views:
        connection.send_bytes(view)


# -- the graphics process ------------------------------------------------------------------------------


def run_render_process(jobs: Connection, results: Connection) -> None:
    """Draw each job `jobs` brings and send its layers back on `results`, until `jobs` closes."""
    # It shows no window, whatever display the engine has: Qt draws into images only.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from studio.core.graphics.render_jobs import prepare_qt

    prepare_qt()
    try:
        results.send_bytes(READY)
    except OSError:
        return      # the engine ended while this process started (a bad command line, found after)
    while True:
        try:
            action, payload = jobs.recv()
        except (EOFError, OSError):
            return
        if action == WARM_QR_CODES:
            from studio.core.graphics.qr import warm_qr_codes

            warm_qr_codes(payload)
            continue
        try:
            layers = payload()
        except Exception:
            # A graphic that cannot be drawn must not take the program off air: it keeps its last picture.
            log.exception("could not render %s; keeping its previous picture", payload)
            layers = None
        try:
            _send_layers(results, layers)
        except OSError:
            return
