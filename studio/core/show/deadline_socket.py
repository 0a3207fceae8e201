"""A socket reader that never blocks past a deadline for the whole request.

http.client reads the status line and headers through `sock.makefile("rb")`;
handing it this file instead bounds every read, header reads included, by the
time left (and by the per-read timeout), so a server trickling headers one byte
at a time is cut off when the request's time is up.
"""

from __future__ import annotations

import io
import socket
import time


class DeadlineExceeded(TimeoutError):
    """The whole request ran past its deadline."""


class Deadline:
    def __init__(self, total_s: float):
        self.total_s = total_s
        self.ends_at = time.monotonic() + total_s

    def remaining_s(self) -> float:
        return self.ends_at - time.monotonic()

    def clamp(self, timeout_s: float) -> float:
        """`timeout_s`, or less if the deadline comes first; raises once it has passed."""
        remaining = self.remaining_s()
        if remaining <= 0:
            raise DeadlineExceeded
        return min(timeout_s, remaining)


class _DeadlineRaw(io.RawIOBase):
    def __init__(self, sock: socket.socket, deadline: Deadline, read_timeout_s: float):
        self.sock = sock
        self.deadline = deadline
        self.read_timeout_s = read_timeout_s

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.sock.settimeout(self.deadline.clamp(self.read_timeout_s))
        try:
            return self.sock.recv_into(buffer)
        except TimeoutError:
            if self.deadline.remaining_s() <= 0:
                raise DeadlineExceeded from None
            raise


class DeadlineSocketFile:
    """Stands in for the socket given to `http.client.HTTPResponse`: only `makefile` is used."""

    def __init__(self, sock: socket.socket, deadline: Deadline, read_timeout_s: float):
        self._raw = _DeadlineRaw(sock, deadline, read_timeout_s)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(self._raw)
