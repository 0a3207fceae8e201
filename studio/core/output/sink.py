"""The engine's handle on one output: a supervised worker process behind a bounded queue.

`push` never blocks the engine: packets go into a `PacketQueue`, and a sender
thread per worker session moves them into the worker's pipe. `supervise`,
called by the engine a few times a second, reads what the worker reported,
marks a worker that writes nothing as stalled, kills it when that lasts, and
starts a new session when the reconnect delay has passed.
"""

from __future__ import annotations

import collections
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from studio.core.output.backoff import ReconnectBackoff
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.packet_queue import RECORDING_DROP_THRESHOLD_S, PacketQueue
from studio.core.output.packets import CLOSE_BATCH, EncodedPacket, encode_batch
from studio.core.output.sink_worker import SinkSpec, run_sink_worker
from studio.core.output.workers import Worker, spawn_worker, take_warm

STALL_WARNING_S = 3.0
STALL_KILL_S = 10.0
KILL_GRACE_S = 0.5
RATE_WINDOW_S = 2.0
DELIVERED_AFTER_S = 2.0   # an average over less would show the link's bursts more than its rate

StateListener = Callable[[OutputHealth, OutputState], None]


@dataclass
class _Session:
    """One worker process and the thread feeding it; a reconnect makes a new one."""

    worker: Worker
    started_at_s: float
    sender: threading.Thread | None = None
    last_progress_at_s: float = 0.0
    live_since_s: float | None = None
    ended: bool = False
    bytes_rate: _RateWindow = field(default_factory=lambda: _RateWindow())
    frames_rate: _RateWindow = field(default_factory=lambda: _RateWindow())
    first_acked: tuple[float, int] | None = None   # (at_s, bytes) of the first count of what the destination acknowledged


class _RateWindow:
    """A growing count's rate per second over the last RATE_WINDOW_S of its samples."""

    def __init__(self) -> None:
        self.samples: collections.deque[tuple[float, int]] = collections.deque()

    def add(self, at_s: float, count: int) -> float | None:
        samples = self.samples
        samples.append((at_s, count))
        while len(samples) > 2 and samples[-1][0] - samples[0][0] > RATE_WINDOW_S:
            samples.popleft()
        span_s = samples[-1][0] - samples[0][0]
        return (samples[-1][1] - samples[0][1]) / span_s if span_s > 0.2 else None


class OutputSink:
    def __init__(
        self,
        spec: SinkSpec,
        reconnect: bool = True,
        on_state_change: StateListener | None = None,
        backoff: ReconnectBackoff | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        realtime: bool = True,
    ):
        self.spec = spec
        self.reconnect = reconnect
        self.on_state_change = on_state_change
        self.health = OutputHealth(label=spec.label, kind="destination" if reconnect else "recording")
        self._queue = self._make_queue(realtime)
        self._backoff = backoff or ReconnectBackoff()
        self._monotonic = monotonic
        self._session: _Session | None = None
        self._next_attempt_at_s: float | None = None
        self._closing = False
        self._bytes_before_session = 0

    def _make_queue(self, realtime: bool) -> PacketQueue:
        if not realtime:
            # Not paced to real time: nothing is late, so wait for the output instead of dropping.
            return PacketQueue(drop_threshold_s=float("inf"), block_above_packets=300)
        if not self.reconnect:
            return PacketQueue(drop_threshold_s=RECORDING_DROP_THRESHOLD_S)
        return PacketQueue()

    def healths(self) -> list[OutputHealth]:
        """What this output reports: its own health (a relay adds the destinations behind it)."""
        return [self.health]

    # -- engine thread -------------------------------------------------------

    def start(self) -> None:
        self._start_session()

    def push(self, packet: EncodedPacket) -> None:
        """Queue a packet for this output; drops instead of blocking."""
        if self._session is None or self._session.ended or self._closing:
            return
        self._queue.push(packet)

    def supervise(self) -> OutputHealth:
        """Read worker reports, detect stalls, reconnect when due. Cheap; never blocks."""
        now_s = self._monotonic()
        session = self._session
        if session is not None and not session.ended:
            self._read_reports(session, now_s)
            if not session.ended:
                self._check_progress(session, now_s)
        if self._next_attempt_at_s is not None:
            self.health.next_attempt_in_s = max(0.0, self._next_attempt_at_s - now_s)
            if now_s >= self._next_attempt_at_s and not self._closing:
                self._next_attempt_at_s = None
                self.health.next_attempt_in_s = None
                self.health.reconnects += 1
                self._start_session()
        self.health.queue_ms = self._queue.age_s() * 1000
        self.health.peak_queue_ms = self._queue.peak_age_s * 1000
        self.health.dropped_frames = self._queue.dropped_video_frames
        return self.health

    # -- sessions --------------------------------------------------------------

    def _set_state(self, state: OutputState, error: str | None = None) -> None:
        previous = self.health.state
        if error:
            self.health.last_error = error
        if state == previous:
            return
        self.health.state = state
        if state == OutputState.LIVE:
            self.health.ever_live = True
        if self.on_state_change is not None:
            self.on_state_change(self.health, previous)

    def _start_session(self) -> None:
        self._queue.restart_at_next_keyframe()
        self.health.connect_attempts += 1
        # The first session may take a worker started ahead (PyAV already loaded); a reconnect spawns one.
        worker = take_warm(self.spec) or spawn_worker(run_sink_worker, (self.spec,), f"output {self.spec.label}")
        now_s = self._monotonic()
        session = _Session(worker=worker, started_at_s=now_s, last_progress_at_s=now_s)
        session.sender = threading.Thread(target=self._send_loop, args=(session,),
                                          name=f"send {self.spec.label}", daemon=True)
        self._session = session
        self._bytes_before_session = self.health.bytes_written
        self.health.delivered_kbps = None
        self._set_state(OutputState.CONNECTING)
        session.sender.start()

    def _send_loop(self, session: _Session) -> None:
        # One pipe write (and one wake-up of the worker) per frame: the frame's picture and its audio.
        while self._session is session and not session.ended:
            batch = self._queue.pop_batch(timeout_s=0.2)
            if not batch:
                if self._queue.closed:
                    self._send(session, CLOSE_BATCH)
                    return
                continue
            if not self._send(session, encode_batch(batch)):
                return

    @staticmethod
    def _send(session: _Session, message: bytes) -> bool:
        try:
            session.worker.packet_sender.send_bytes(message)
            return True
        except (BrokenPipeError, EOFError, OSError):
            return False

    def _read_reports(self, session: _Session, now_s: float) -> None:
        try:
            while session.worker.status_reader.poll():
                self._apply_report(session, session.worker.status_reader.recv(), now_s)
                if session.ended:
                    return
        except (EOFError, OSError):
            self._end_session(session, "output process ended unexpectedly")

    def _apply_report(self, session: _Session, report: tuple, now_s: float) -> None:
        if report[0] == "progress":
            _, bytes_written, video_frames, at_s = report
            session.last_progress_at_s = now_s
            self.health.bytes_written = self._bytes_before_session + bytes_written
            fps = session.frames_rate.add(at_s, video_frames)
            if fps is not None:
                self.health.fps = fps
            if session.first_acked is None:       # no count of what got through: the rate written
                self._set_bitrate(session.bytes_rate.add(at_s, bytes_written))
            return
        if report[0] == "delivered":
            _, bytes_acked, at_s = report
            self._note_delivered(session, at_s, bytes_acked)
            return
        _, state, error = report
        if state == "live":
            session.live_since_s = now_s
            session.last_progress_at_s = now_s
            self._set_state(OutputState.LIVE)
        elif state == "failed":
            self._end_session(session, error or "failed")
        elif state == "stopped":
            session.ended = True
            self._set_state(OutputState.STOPPED)

    def _note_delivered(self, session: _Session, at_s: float, bytes_acked: int) -> None:
        """What the destination acknowledged: the bitrate from now on (bytes written run ahead of a slow link, into
        the kernel's send buffer and the link's queues), and its average since the first count."""
        if session.first_acked is None:
            session.first_acked = (at_s, bytes_acked)
            session.bytes_rate = _RateWindow()     # its samples counted bytes written
        self._set_bitrate(session.bytes_rate.add(at_s, bytes_acked))
        first_at_s, first_bytes = session.first_acked
        if at_s - first_at_s >= DELIVERED_AFTER_S:
            self.health.delivered_kbps = (bytes_acked - first_bytes) * 8 / 1000 / (at_s - first_at_s)

    def _set_bitrate(self, bytes_per_s: float | None) -> None:
        if bytes_per_s is not None:
            self.health.bitrate_kbps = bytes_per_s * 8 / 1000

    def _check_progress(self, session: _Session, now_s: float) -> None:
        silent_s = now_s - session.last_progress_at_s
        waiting = len(self._queue) > 0 or self.health.state == OutputState.CONNECTING
        if waiting and silent_s >= STALL_KILL_S:
            session.worker.process.kill()
            self._end_session(session, f"stalled: nothing written for {silent_s:.0f} s")
            return
        if waiting and silent_s >= STALL_WARNING_S and self.health.state != OutputState.CONNECTING:
            self._set_state(OutputState.STALLED, f"nothing written for {silent_s:.0f} s")
            return
        if self.health.state in (OutputState.LIVE, OutputState.CONGESTED, OutputState.STALLED):
            congested = self._queue.age_s() > self._queue.drop_threshold_s
            self._set_state(OutputState.CONGESTED if congested else OutputState.LIVE)
            if session.live_since_s is not None:
                self._backoff.note_healthy(now_s - session.live_since_s)

    def _end_session(self, session: _Session, error: str) -> None:
        session.ended = True
        self.health.bitrate_kbps = 0.0
        self.health.fps = 0.0
        if session.worker.process.is_alive():
            session.worker.process.kill()
        self._queue.restart_at_next_keyframe()
        if self.reconnect and not self._closing:
            delay_s = self._backoff.next_delay_s()
            self._next_attempt_at_s = self._monotonic() + delay_s
            self.health.next_attempt_in_s = delay_s
            self._set_state(OutputState.RECONNECTING, error)
        else:
            self._set_state(OutputState.FAILED, error)

    # -- shutdown ----------------------------------------------------------------

    def close(self, timeout_s: float = 5.0) -> OutputHealth:
        """Finish the output: drain, finalise, and kill the worker if it is not done in `timeout_s`."""
        self._closing = True
        self._next_attempt_at_s = None
        self.health.next_attempt_in_s = None
        self._queue.close()
        session = self._session
        if session is None:
            return self.health
        deadline_s = time.monotonic() + timeout_s
        if not session.ended:
            # Keep half a second of the budget for killing a worker that will not finish.
            session.worker.process.join(timeout=max(0.0, deadline_s - KILL_GRACE_S - time.monotonic()))
            if session.worker.process.is_alive():
                session.worker.process.kill()
                session.worker.process.join(timeout=KILL_GRACE_S)
                session.ended = True
                self._set_state(OutputState.FAILED, f"did not finish within {timeout_s:.0f} s and was stopped")
            else:
                self._read_reports(session, self._monotonic())
        session.ended = True
        if self.health.state != OutputState.FAILED:
            self._set_state(OutputState.STOPPED)
        return self.health
