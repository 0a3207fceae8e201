"""What a destination acknowledged (studio/core/output/delivered_bytes.py), read from a real TCP connection."""

from __future__ import annotations

import socket
import sys

import pytest

from studio.core.output.delivered_bytes import DeliveredBytes

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="tcp_info's bytes acknowledged is Linux's")


def test_it_counts_what_the_peer_acknowledged_not_what_waits_in_the_send_buffer():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # a peer that takes little, and reads nothing
        host, port = listener.getsockname()
        with socket.create_connection((host, port)) as client:
            peer, _ = listener.accept()
            with peer:
                delivered = DeliveredBytes(host, port)
                client.setblocking(False)
                written = 0
                try:
                    while written < 16 * 1024 * 1024:
                        written += client.send(b"\0" * 65536)
                except BlockingIOError:
                    pass   # the send buffer is full: the rest waits in this kernel, not at the peer
                stuck = delivered.read()
                assert stuck is not None and 0 < stuck < written / 2, (stuck, written)
                peer.setblocking(False)
                received = 0
                try:
                    while True:
                        received += len(peer.recv(1 << 20))
                except BlockingIOError:
                    pass
                assert delivered.read() >= received > stuck


def test_an_address_with_no_connection_reads_unknown():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        unknown = DeliveredBytes(*listener.getsockname())
        assert not unknown.found and unknown.read() is None


def test_an_outputs_bitrate_is_what_its_destination_acknowledged_once_the_worker_counts_it(tmp_path):
    from studio.core.output.encoder import EncoderSettings
    from studio.core.output.recorder import recording_spec
    from studio.core.output.sink import OutputSink, _Session

    sink = OutputSink(recording_spec(tmp_path / "unused.mkv", EncoderSettings(width=320, height=180, fps=30).layout()))
    session = _Session(worker=None, started_at_s=0.0)
    for tick in range(13):      # 3 s: written into the kernel at 8,000 kb/s, acknowledged at 2,000 kb/s
        at_s = tick * 0.25
        sink._apply_report(session, ("progress", tick * 250_000, tick * 7, at_s), at_s)  # noqa: SLF001
        if tick == 1:
            assert sink.health.bitrate_kbps == pytest.approx(8000), "no count yet: the rate written"
        if tick >= 1:
            sink._apply_report(session, ("delivered", 3073 + tick * 62_500, at_s), at_s)  # noqa: SLF001
    assert sink.health.bitrate_kbps == pytest.approx(2000)
    assert sink.health.delivered_kbps == pytest.approx(2000)
    assert sink.health.fps == pytest.approx(28) and sink.health.bytes_written == 3_000_000
