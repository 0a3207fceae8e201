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
        assert DeliveredBytes(*listener.getsockname()).read() is None
