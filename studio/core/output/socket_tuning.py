"""Keeping the kernel from hiding a stalled destination behind megabytes of buffer.

Linux lets a TCP send buffer grow to several megabytes (here 4 MB, 9 s of a
3.5 Mb/s program): a frozen server then looks healthy for seconds while the
data piles up where no queue measurement can see it. FFmpeg's RTMP client
offers no socket options through PyAV, so once the connection is up the worker
finds its socket and caps the buffer at about half a second of the stream.
"""

from __future__ import annotations

import os
import socket
import stat

MIN_SEND_BUFFER_BYTES = 64 * 1024


def _open_socket_fds() -> list[int]:
    try:
        candidates = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        candidates = list(range(3, 1024))
    fds = []
    for fd in candidates:
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                fds.append(fd)
        except OSError:
            continue
    return fds


def _peer_addresses(host: str, port: int) -> set[tuple[str, int]]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return set()
    return {(info[4][0], info[4][1]) for info in infos}


def send_buffer_bytes(bitrate_bps: int, seconds: float = 0.5) -> int:
    """About `seconds` of a stream of `bitrate_bps`, never less than MIN_SEND_BUFFER_BYTES."""
    return max(MIN_SEND_BUFFER_BYTES, int(bitrate_bps / 8 * seconds))


def set_send_buffer(sock: socket.socket, size_bytes: int) -> None:
    # Linux doubles the value it is given, for its own bookkeeping.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size_bytes // 2)


def peer_socket_fds(host: str, port: int) -> list[int]:
    """This process's socket descriptors connected to host:port (FFmpeg's, found from outside it)."""
    peers = _peer_addresses(host, port)
    found = []
    for fd in _open_socket_fds():
        try:
            # fromfd duplicates the descriptor; the copy is closed at once, the connection is not.
            with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as view:
                peer = view.getpeername()
        except OSError:
            continue
        if (peer[0], peer[1]) in peers:
            found.append(fd)
    return found


def cap_send_buffer(host: str, port: int, bitrate_bps: int) -> int:
    """Cap the send buffer of this process's socket(s) to host:port; returns how many were capped."""
    size = send_buffer_bytes(bitrate_bps)
    capped = 0
    for fd in peer_socket_fds(host, port):
        try:
            # Options set on a duplicate apply to the one socket.
            with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as view:
                set_send_buffer(view, size)
                capped += 1
        except OSError:
            continue
    return capped
