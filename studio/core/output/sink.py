"""The engine's handle on one output worker process.

`push` never blocks: packets go into a bounded in-memory queue, and a sender
thread moves them into the worker's pipe. If the worker cannot keep up, the
queue is trimmed from the oldest video, keyframes and audio last, so the
encoder and every other output carry on. Status messages from the worker are
read by `poll`, which the engine calls once per tick.
"""

from __future__ import annotations

import collections
import multiprocessing
import threading
import time
from dataclasses import dataclass

from studio.core.output.packets import EncodedPacket
from studio.core.output.sink_worker import CLOSE_MESSAGE, SinkSpec, run_sink_worker

MAX_QUEUED_S = 10.0
BITRATE_WINDOW_S = 2.0


@dataclass
class SinkStats:
    label: str
    state: str = "idle"
    last_error: str | None = None
    bytes_written: int = 0
    packets_written: int = 0
    bitrate_kbps: float = 0.0
    queued_packets: int = 0
    dropped_packets: int = 0
    ever_live: bool = False

    def as_dict(self) -> dict:
        return {
            "label": self.label, "state": self.state, "last_error": self.last_error,
            "bytes_written": self.bytes_written, "packets_written": self.packets_written,
            "bitrate_kbps": round(self.bitrate_kbps, 1), "queued_packets": self.queued_packets,
            "dropped_packets": self.dropped_packets, "ever_live": self.ever_live,
        }


class OutputSink:
    def __init__(self, spec: SinkSpec):
        self.spec = spec
        self.stats = SinkStats(label=spec.label)
        self._queue: collections.deque[EncodedPacket | str] = collections.deque()
        self._queue_changed = threading.Condition()
        self._process: multiprocessing.Process | None = None
        self._packet_sender = None
        self._status_reader = None
        self._sender_thread: threading.Thread | None = None
        self._progress_samples: collections.deque[tuple[float, int]] = collections.deque()
        self._closing = False

    @property
    def label(self) -> str:
        return self.spec.label

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        packet_reader, self._packet_sender = context.Pipe(duplex=False)
        self._status_reader, status_writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=run_sink_worker, args=(self.spec, packet_reader, status_writer),
            name=f"output {self.spec.label}", daemon=False,
        )
        self._process.start()
        # Close our copies so the worker sees EOF when this process dies.
        packet_reader.close()
        status_writer.close()
        self.stats.state = "connecting"
        self._sender_thread = threading.Thread(target=self._send_loop, name=f"send {self.spec.label}", daemon=True)
        self._sender_thread.start()

    def push(self, packet: EncodedPacket) -> None:
        if self._closing or self.stats.state == "failed":
            return
        with self._queue_changed:
            self._queue.append(packet)
            self._trim_queue_locked()
            self._queue_changed.notify()

    def _trim_queue_locked(self) -> None:
        """Keep at most MAX_QUEUED_S of video queued, dropping whole GOPs from the oldest."""
        video = [p for p in self._queue if isinstance(p, EncodedPacket) and p.kind == "video"]
        if len(video) < 2 or video[-1].pts_s - video[0].pts_s <= MAX_QUEUED_S:
            return
        # Drop everything before the newest keyframe that still leaves the queue decodable.
        keep_from = None
        for index, packet in enumerate(self._queue):
            if isinstance(packet, EncodedPacket) and packet.kind == "video" and packet.is_keyframe:
                if video[-1].pts_s - packet.pts_s <= MAX_QUEUED_S:
                    keep_from = index
                    break
        if keep_from is None:
            return
        for _ in range(keep_from):
            self._queue.popleft()
            self.stats.dropped_packets += 1

    def _send_loop(self) -> None:
        while True:
            with self._queue_changed:
                while not self._queue:
                    self._queue_changed.wait()
                item = self._queue.popleft()
            try:
                if isinstance(item, str):
                    self._packet_sender.send(item)
                    return
                self._packet_sender.send((item.kind, item.data, item.pts, item.dts,
                                          item.time_base_num, item.time_base_den, item.is_keyframe))
            except (BrokenPipeError, OSError):
                with self._queue_changed:
                    self.stats.dropped_packets += len(self._queue)
                    self._queue.clear()
                return

    def poll(self) -> SinkStats:
        """Read what the worker reported since the last call; cheap, never blocks."""
        reader = self._status_reader
        try:
            while reader is not None and reader.poll():
                self._apply_status(reader.recv())
        except (EOFError, OSError):
            self._status_reader = None
            if self.stats.state not in ("stopped", "failed"):
                self.stats.state = "failed"
                self.stats.last_error = self.stats.last_error or "output process ended unexpectedly"
        self.stats.queued_packets = len(self._queue)
        return self.stats

    def _apply_status(self, message: tuple) -> None:
        if message[0] == "state":
            _, state, error = message
            self.stats.state = state
            if state == "live":
                self.stats.ever_live = True
            if error:
                self.stats.last_error = error
        elif message[0] == "progress":
            _, bytes_written, packets_written, at_s = message
            self.stats.bytes_written = bytes_written
            self.stats.packets_written = packets_written
            samples = self._progress_samples
            samples.append((at_s, bytes_written))
            while len(samples) > 2 and samples[-1][0] - samples[0][0] > BITRATE_WINDOW_S:
                samples.popleft()
            span_s = samples[-1][0] - samples[0][0]
            if span_s > 0.2:
                self.stats.bitrate_kbps = (samples[-1][1] - samples[0][1]) * 8 / 1000 / span_s

    def close(self, timeout_s: float = 5.0) -> SinkStats:
        """Ask the worker to finalise; kill it if it has not finished within `timeout_s`."""
        self._closing = True
        with self._queue_changed:
            self._queue.append(CLOSE_MESSAGE)
            self._queue_changed.notify()
        deadline = time.monotonic() + timeout_s
        if self._process is not None:
            self._process.join(timeout=max(0.0, deadline - time.monotonic()))
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=1.0)
                self.stats.state = "failed"
                self.stats.last_error = f"did not finish within {timeout_s:.0f} s and was stopped"
        self.poll()
        if self.stats.state not in ("failed",):
            self.stats.state = "stopped"
        return self.stats
