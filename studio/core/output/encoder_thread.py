"""One canvas's video encode on a thread of its own, one frame behind the engine.

The engine composes frame N+1 while this thread converts and encodes frame N:
The compiled colour conversion and PyAV's avcodec_send_frame/receive_packet release the GIL,
so the two really run at once on two cores. The engine keeps every rule of the
frame loop: it hands over a picture with `submit`, waits with `wait_until_free`
before it writes a picture again, and
takes the finished packets with `take_ready` to push them to the outputs itself,
on its own thread and in frame order. At most one frame waits while another is
encoded, so the engine never runs more than one frame ahead.

An I420 picture is encoded in place, not copied (ProgramEncoder.video_frame): still safe, because
the engine composes into two pictures per canvas in turn. When `wait_until_free` returns, the
thread has taken the last picture submitted, so it has finished encoding the one before it, which
is the picture the engine writes next.
"""

from __future__ import annotations

import collections
import threading

import numpy as np

from studio.core.output.encoder import ProgramEncoder
from studio.core.output.packets import EncodedPacket

_STOP = object()


class EncoderThread:
    def __init__(self, encoder: ProgramEncoder, name: str, on_ready: threading.Event | None = None):
        """`on_ready` is set whenever a frame's packets are ready (the engine's wait wakes on it)."""
        self.encoder = encoder
        self.name = name
        self._on_ready = on_ready
        self._lock = threading.Condition()
        self._inbox: tuple[np.ndarray, int] | object | None = None
        self._ready: collections.deque[tuple[int, list[EncodedPacket]]] = collections.deque()
        self._in_flight = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"encode {name}", daemon=True)
        self._thread.start()

    # -- engine thread ---------------------------------------------------------------------------

    def submit(self, bgr: np.ndarray, frame_index: int) -> None:
        """Encode `bgr` as frame `frame_index`. Do not write `bgr` again before `wait_until_free`."""
        with self._lock:
            self._raise_if_failed()
            while self._inbox is not None:  # the frame before is still waiting: one frame ahead at most
                self._lock.wait()
                self._raise_if_failed()
            self._inbox = (bgr, frame_index)
            self._in_flight += 1
            self._lock.notify_all()

    def wait_until_free(self) -> None:
        """Return once the last picture submitted has been read (converted); it may be written again."""
        with self._lock:
            while self._inbox is not None and self._error is None:
                self._lock.wait()
            self._raise_if_failed()

    def take_ready(self) -> list[tuple[int, list[EncodedPacket]]]:
        """(frame index, packets) of each frame encoded since the last call, in frame order."""
        with self._lock:
            self._raise_if_failed()
            ready = list(self._ready)
            self._ready.clear()
            return ready

    @property
    def in_flight(self) -> int:
        """Frames submitted whose packets `take_ready` has not returned yet."""
        with self._lock:
            return self._in_flight + len(self._ready)

    def finish(self) -> list[tuple[int, list[EncodedPacket]]]:
        """Encode what was submitted, flush the encoder, stop the thread; the packets not yet taken."""
        with self._lock:
            while self._inbox is not None and self._error is None:
                self._lock.wait()
            self._inbox = _STOP
            self._lock.notify_all()
        self._thread.join()
        ready = self.take_ready()
        return ready + [(-1, self.encoder.flush_video())]

    def close(self) -> None:
        """Stop without flushing (the engine is ending on an error)."""
        with self._lock:
            self._inbox = _STOP
            self._lock.notify_all()
        self._thread.join(5.0)

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise RuntimeError(f"the {self.name} encoder failed") from self._error

    # -- the encoder's thread --------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._inbox is None:
                    self._lock.wait()
                item = self._inbox
                if item is _STOP:
                    self._inbox = None
                    return
            bgr, frame_index = item
            try:
                frame = self.encoder.video_frame(bgr, frame_index)
            except BaseException as error:  # noqa: BLE001 - handed to the engine thread
                self._fail(error)
                return
            with self._lock:
                self._inbox = None  # read: the engine may compose into the picture again
                self._lock.notify_all()
            try:
                packets = self.encoder.encode_frame(frame)
            except BaseException as error:  # noqa: BLE001
                self._fail(error)
                return
            with self._lock:
                self._in_flight -= 1
                self._ready.append((frame_index, packets))
            if self._on_ready is not None:
                self._on_ready.set()

    def _fail(self, error: BaseException) -> None:
        with self._lock:
            self._error = error
            self._inbox = None
            self._lock.notify_all()
        if self._on_ready is not None:
            self._on_ready.set()
