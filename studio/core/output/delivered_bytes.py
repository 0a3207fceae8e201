"""How many bytes a destination has acknowledged: what got through, not what was handed to the kernel.

Bytes written to a socket are not bytes carried: the kernel's send buffer (capped at about half a
second, socket_tuning.py) and the queues of a shaped link hold seconds of them, so over a few seconds
a rate read from writes runs ahead of the link (2,976 kb/s "through" a 2,000 kb/s limit, issue 28).
Linux counts what the peer acknowledged (`tcp_info.tcpi_bytes_acked`, since 4.1); elsewhere there is
no such count and the caller keeps to bytes written.
"""

from __future__ import annotations

import socket
import struct

from studio.core.output.socket_tuning import peer_socket_fds

# struct tcp_info (linux/tcp.h): tcpi_bytes_acked is the u64 after the u32 metrics and the two pacing rates.
_BYTES_ACKED_OFFSET = 120
_TCP_INFO_READ_BYTES = 256


def tcp_bytes_acked(fd: int) -> int | None:
    """Bytes the peer of socket `fd` acknowledged (handshake included); None where the platform does not say."""
    option = getattr(socket, "TCP_INFO", None)
    if option is None:
        return None
    try:
        with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as view:
            info = view.getsockopt(socket.IPPROTO_TCP, option, _TCP_INFO_READ_BYTES)
    except OSError:
        return None
    if len(info) < _BYTES_ACKED_OFFSET + 8:
        return None  # a kernel older than the field
    return struct.unpack_from("=Q", info, _BYTES_ACKED_OFFSET)[0]


class DeliveredBytes:
    """Reads what the destination at host:port acknowledged, from the socket FFmpeg opened to it."""

    def __init__(self, host: str, port: int):
        fds = peer_socket_fds(host, port)
        self._fd = fds[0] if len(fds) == 1 else None   # none, or not one connection to tell apart: unknown

    @property
    def found(self) -> bool:
        return self._fd is not None

    def read(self) -> int | None:
        return None if self._fd is None else tcp_bytes_acked(self._fd)
