"""The process that writes one output (an RTMP destination or a recording file).

It runs apart from the engine because PyAV holds the GIL while it connects,
writes headers and closes, and sets no write timeout: a frozen server must
only ever freeze this process. It receives encoded packets over a pipe and
reports its state back over another. When the engine process dies, the pipe
reaches end-of-file and the worker finalises its output before exiting.
"""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from studio.core.output.delivered_bytes import DeliveredBytes
from studio.core.output.early_connect import EarlyOutput, EarlyTarget, connect_early, parameter_sets
from studio.core.output.muxer import open_output
from studio.core.output.packets import StreamLayout, decode_batch
from studio.core.output.socket_tuning import cap_send_buffer, send_buffer_bytes
from studio.errors import error_reason

if TYPE_CHECKING:  # only rtmps:// loads it (with ssl): the others start without
    from studio.core.output.tls_relay import TlsRelay

PROGRESS_INTERVAL_S = 0.25
# A worker started ahead of its output (start-up) waits this long to be given one, then exits.
WARM_WAIT_S = 30.0


@dataclass(frozen=True)
class SinkSpec:
    """Everything a worker needs; `label` is what may be shown (the key masked).

    `url` carries the stream key, so it is left out of the repr: a spec that ends up
    in a log line or a traceback shows only its label.
    """

    url: str = field(repr=False)
    label: str
    container_format: str
    layout: StreamLayout
    container_options: dict[str, str] = field(default_factory=dict)
    ca_file: str | None = None
    # (host, port) of the ingest server for network outputs, None for files.
    network_peer: tuple[str, int] | None = None

    def same_output(self, other: SinkSpec) -> bool:
        """Would `other` write what this one does, to the same place (the label, only shown, aside)?"""
        return replace(other, label=self.label) == self


def describe_av_error(error: Exception) -> str:
    """An FFmpeg or OS error without the URL PyAV appends to it (the URL holds the key)."""
    if getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    return error_reason(error)


def _network_bitrate_bps(spec: SinkSpec) -> int:
    return spec.layout.video_bitrate_bps + spec.layout.audio_bitrate_bps


def _start_tls_relay(spec: SinkSpec) -> tuple[TlsRelay, str]:
    """Start the relay and return it with the plain-RTMP loopback URL FFmpeg should use."""
    from studio.core.output.tls_relay import TlsRelay

    host, port = spec.network_peer
    relay = TlsRelay(host, port, ca_file=spec.ca_file, send_buffer_bytes=send_buffer_bytes(_network_bitrate_bps(spec)))
    local_port = relay.start()
    parts = urlsplit(spec.url)   # the query too: a key's own (?s_bl=1) or a token (?token=...)
    return relay, f"rtmp://127.0.0.1:{local_port}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _report_delivery(delivered: DeliveredBytes, report, stop: threading.Event) -> None:
    """What the destination acknowledged, every PROGRESS_INTERVAL_S, from a thread of its own: a write blocked
    on a slow link (PyAV lets go of the GIL in it) must leave no gap in the count."""
    while True:
        stopping = stop.wait(PROGRESS_INTERVAL_S)
        acked = delivered.read()
        if acked is not None:
            report("delivered", acked, time.monotonic())
        if stopping:
            return      # having read the last count


def _stop_delivery(delivery: threading.Thread | None, stop: threading.Event) -> None:
    stop.set()
    if delivery is not None and delivery is not threading.current_thread():
        delivery.join(timeout=2.0)


def _tune_network_socket(spec: SinkSpec) -> DeliveredBytes | None:
    """Once FFmpeg's connection is up: cap its send buffer, and find what counts the bytes it got through."""
    if spec.network_peer is None:
        return None
    host, port = spec.network_peer
    cap_send_buffer(host, port, _network_bitrate_bps(spec))
    delivered = DeliveredBytes(host, port)
    return delivered if delivered.found else None


class _SessionTimestamps:
    """Rebases a session so it starts at 0 on its first keyframe, as a fresh publish should."""

    def __init__(self) -> None:
        self.origin_s: float | None = None

    def rebase(self, pts: int, tb_num: int, tb_den: int) -> int:
        return pts - round(self.origin_s * tb_den / tb_num)


def run_warm_worker(packets: Connection, status: Connection) -> None:
    """A worker started before its output is known: PyAV loads while the engine is still starting, then
    the message on `packets` is the SinkSpec to run (the pipe closing, or nothing for WARM_WAIT_S: exit).
    An EarlyTarget may come first: the output it is likely to be given, connected meanwhile (early_connect.py)."""
    import av  # noqa: F401 - loaded now, in parallel with the engine's own start-up

    deadline_s = time.monotonic() + WARM_WAIT_S
    early = None
    try:
        message = _next_message(packets, deadline_s)
        if isinstance(message, EarlyTarget):
            early = connect_early(message, give_up_after_s=max(0.0, deadline_s - time.monotonic()))
            message = _next_message(packets, deadline_s)
    except (EOFError, OSError):
        message = None
    if early is not None and (message is None or not early.spec.same_output(message)):
        early.close()       # not taken, or for another output: that one connects as it would have
        early = None
    if message is not None:
        run_sink_worker(message, packets, status, early)


def _next_message(packets: Connection, deadline_s: float):
    """The next message on the pipe, or None once `deadline_s` (monotonic) has passed without one."""
    if not packets.poll(max(0.0, deadline_s - time.monotonic())):
        return None
    return packets.recv()


def run_sink_worker(spec: SinkSpec, packets: Connection, status: Connection, early: EarlyOutput | None = None) -> None:
    """Write `spec`'s output from the packets on `packets`; `early`: its container, connected already."""
    import av

    sending = threading.Lock()      # the delivery thread reports too

    def report(*message) -> None:
        with sending:
            try:
                status.send(message)
            except (BrokenPipeError, OSError):
                pass

    report("state", "connecting", None)
    container = None
    bytes_written = packets_written = video_frames_written = 0
    last_report_s = 0.0
    timestamps = _SessionTimestamps()
    relay = None
    delivery_stop = threading.Event()
    delivery: threading.Thread | None = None   # plain RTMP only: through the TLS relay, the relay holds the socket
    try:
        url = spec.url
        if early is not None and early.failure is not None:
            report("state", "failed", early.failure)      # its first attempt, made while the engine started
            return
        if early is not None:
            container, video, audio = early.container, early.video, early.audio
            declared_sets = early.parameter_sets
        else:
            declared_sets = None
            if url.startswith("rtmps://"):
                relay, url = _start_tls_relay(spec)
            container, video, audio = open_output(spec, url)
        time_bases: dict[tuple[int, int], Fraction] = {}
        while True:
            try:
                message = packets.recv_bytes()
            except EOFError:
                break  # The engine is gone: finalise what we have.
            if not message:
                break  # CLOSE_BATCH
            for kind, data, pts, dts, tb_num, tb_den, is_keyframe in decode_batch(message):
                if timestamps.origin_s is None:
                    # Every session starts with a keyframe (its SPS/PPS ride in-band).
                    if kind != "video" or not is_keyframe:
                        continue
                    timestamps.origin_s = pts * tb_num / tb_den
                    if declared_sets is not None and parameter_sets(data) != declared_sets:
                        # The header went out with other SPS/PPS than the encoder's (its options differ from the
                        # spec's layout): publish again, the header taken from this keyframe.
                        container.close()
                        container = None
                        container, video, audio = open_output(spec, url)
                    declared_sets = None
                packet_pts = timestamps.rebase(pts, tb_num, tb_den)
                if packet_pts < 0:
                    continue  # audio from before the session's first picture
                packet = av.Packet(data)
                packet.pts = packet_pts
                packet.dts = timestamps.rebase(dts, tb_num, tb_den)
                time_base = time_bases.get((tb_num, tb_den))
                if time_base is None:
                    time_base = time_bases[tb_num, tb_den] = Fraction(tb_num, tb_den)
                packet.time_base = time_base
                packet.is_keyframe = is_keyframe
                packet.stream = video if kind == "video" else audio
                container.mux(packet)
                bytes_written += len(data)
                packets_written += 1
                if kind == "video":
                    video_frames_written += 1
                if packets_written == 1:
                    delivered = _tune_network_socket(spec) if relay is None else None
                    if delivered is not None:
                        delivery = threading.Thread(target=_report_delivery, args=(delivered, report, delivery_stop),
                                                    name="delivery", daemon=True)
                        delivery.start()
                    report("state", "live", None)
            now_s = time.monotonic()
            if now_s - last_report_s >= PROGRESS_INTERVAL_S:
                report("progress", bytes_written, video_frames_written, now_s)
                last_report_s = now_s
        _stop_delivery(delivery, delivery_stop)   # before FFmpeg closes the socket its count reads
        container.close()
        container = None
        report("progress", bytes_written, video_frames_written, time.monotonic())
        report("state", "stopped", None)
    except (av.error.FFmpegError, OSError) as error:
        # The relay knows the real cause (e.g. an untrusted certificate); FFmpeg only sees a closed socket.
        report("state", "failed", (relay.last_error if relay and relay.last_error else None) or describe_av_error(error))
    except Exception as error:  # noqa: BLE001 - anything else still must not print the URL in a traceback
        report("state", "failed", f"internal error ({type(error).__name__})")
    finally:
        _stop_delivery(delivery, delivery_stop)
        if container is not None:
            try:
                container.close()
            except Exception:  # noqa: BLE001 - the output is already failing
                pass
        if relay is not None:
            relay.close()
