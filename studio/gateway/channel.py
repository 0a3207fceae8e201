"""The one local channel between the engine process and the gateway process.

Length-prefixed MessagePack frames over a Unix socketpair, each frame a small map with a
type `t`: `cmd` (a typed live command from the gateway), `cancel`, `ans` (its answer),
`ev` (an engine event), `hb` (the gateway's heartbeat), `config` and `ready` at start-up.
Frames are bounded (`MAX_FRAME_BYTES`); a peer that sends a bigger one is treated as broken.
Both ends are our own code: client bytes never cross this channel, only what the gateway
parsed, checked and turned into typed commands.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import time

import msgpack

from studio.wire.text_safety import wire_safe

MAX_FRAME_BYTES = 8 * 1024 * 1024
_LENGTH = struct.Struct("!I")


class ChannelClosed(Exception):
    """The other process closed its end, died, or sent something that is not a frame."""


class Channel:
    def __init__(self, sock: socket.socket, send_timeout_s: float | None = None):
        self.sock = sock
        self._send_lock = threading.Lock()
        self._send_timeout_s = send_timeout_s

    def send(self, message: dict) -> None:
        """Any thread. Raises ChannelClosed when the peer is gone or does not read within the timeout."""
        try:
            body = msgpack.packb(message, use_bin_type=True)
        except (OverflowError, UnicodeEncodeError, TypeError, ValueError):
            body = msgpack.packb(wire_safe(message, allow_nan=True), use_bin_type=True)
        if len(body) > MAX_FRAME_BYTES:
            raise ValueError(f"a channel frame of {len(body)} bytes is over {MAX_FRAME_BYTES}")
        with self._send_lock:
            self._send_all(memoryview(_LENGTH.pack(len(body)) + body))

    def _send_all(self, data: memoryview) -> None:
        # Non-blocking writes and a poll with a deadline: the socket stays blocking for the reader
        # thread (a socket's timeout is shared by both directions).
        deadline = None if self._send_timeout_s is None else time.monotonic() + self._send_timeout_s
        poller = select.poll()
        poller.register(self.sock, select.POLLOUT)
        while data:
            try:
                sent = self.sock.send(data, socket.MSG_DONTWAIT)
            except BlockingIOError:
                sent = 0
            except OSError as error:
                raise ChannelClosed(str(error) or type(error).__name__) from None
            data = data[sent:]
            if data:
                wait_s = None if deadline is None else deadline - time.monotonic()
                if wait_s is not None and wait_s <= 0:
                    raise ChannelClosed("the other end stopped reading")
                poller.poll(None if wait_s is None else max(1, int(wait_s * 1000)))

    def receive(self) -> dict:
        """One frame, blocking (one reader thread per end). Raises ChannelClosed at the end."""
        header = self._read_exactly(_LENGTH.size)
        (length,) = _LENGTH.unpack(header)
        if length > MAX_FRAME_BYTES:
            raise ChannelClosed(f"a frame of {length} bytes announced (over {MAX_FRAME_BYTES})")
        try:
            message = msgpack.unpackb(self._read_exactly(length), raw=False, strict_map_key=False)
        except (ValueError, msgpack.UnpackException) as error:
            raise ChannelClosed(f"not a frame ({type(error).__name__})") from None
        if not isinstance(message, dict):
            raise ChannelClosed("a frame that is not a map")
        return message

    def _read_exactly(self, count: int) -> bytes:
        chunks, missing = [], count
        while missing:
            try:
                chunk = self.sock.recv(min(missing, 1 << 20))
            except OSError as error:
                raise ChannelClosed(str(error) or type(error).__name__) from None
            if not chunk:
                raise ChannelClosed("the other end closed the channel")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
