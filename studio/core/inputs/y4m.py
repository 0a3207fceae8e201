"""Pictures off a yuv4mpegpipe (Y4M) stream, read straight into their own arrays.

A network input's child ffmpeg writes the stream at its own size (capped at the program's), so the
size is not known before the first bytes: Y4M's header line names it (`YUV4MPEG2 W1280 H720 ...`),
and every picture after it is `FRAME\\n` and the I420 planes. Each picture is read from the pipe into
a new array (the engine may still hold the last one), with no copy in between. A stream whose size
changes mid-way (FFmpeg reconfigures its filters and writes pictures of the new size under the old
header) is caught at the next marker and refused; the input receives the stream again from its
start, at the new size.
"""

from __future__ import annotations

import os

import numpy as np

MAGIC = b"YUV4MPEG2"
FRAME_MARKER = b"FRAME\n"
MAX_HEADER_BYTES = 512
MAX_SIDE = 8192


class Y4mError(ValueError):
    """The stream is not the Y4M the reader asked ffmpeg for (a malformed header, a torn picture)."""


def parse_header(line: bytes) -> tuple[int, int]:
    """(width, height) of a Y4M stream header line (without its newline); only 4:2:0 is taken."""
    fields = line.split(b" ")
    if fields[0] != MAGIC:
        raise Y4mError(f"not a Y4M stream (it starts {line[:16]!r})")
    values = {field[:1]: field[1:] for field in fields[1:] if field}
    try:
        width, height = int(values[b"W"]), int(values[b"H"])
    except (KeyError, ValueError):
        raise Y4mError(f"a Y4M header without its size: {line[:80]!r}") from None
    colour = values.get(b"C", b"420jpeg")
    if not colour.startswith(b"420"):
        raise Y4mError(f"a Y4M stream in {colour[:16].decode('ascii', 'replace')}, not 4:2:0")
    if not (2 <= width <= MAX_SIDE and 2 <= height <= MAX_SIDE) or width % 2 or height % 2:
        raise Y4mError(f"a Y4M picture of {width}x{height}: expected even sides up to {MAX_SIDE}")
    return width, height


class Y4mReader:
    """Reads a Y4M stream off a pipe one read(2) at a time (the caller waits for it with select)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.width = self.height = 0
        self._head = bytearray()          # the header line, or the picture's marker, read so far
        self._picture: np.ndarray | None = None
        self._filled = 0

    def read(self) -> np.ndarray | None:
        """Reads what the pipe holds (one call); a whole I420 picture when this read completes one.
        EOFError at the stream's end; Y4mError when the stream is not what it should be."""
        if not self.width:
            self._read_header()
            return None
        if self._picture is None:
            return self._read_marker()
        view = memoryview(self._picture).cast("B")[self._filled:]
        count = os.readv(self.fd, [view])
        if count == 0:
            raise EOFError
        self._filled += count
        if self._filled < self._picture.size:
            return None
        picture, self._picture = self._picture, None
        return picture

    def _read_header(self) -> None:
        byte = os.read(self.fd, 1)           # a byte at a time, once per stream: never past the header
        if not byte:
            raise EOFError
        if byte != b"\n":
            self._head += byte
            if len(self._head) > MAX_HEADER_BYTES:
                raise Y4mError("a Y4M header line longer than it can be")
            return
        self.width, self.height = parse_header(bytes(self._head))
        self._head.clear()

    def _read_marker(self) -> None:
        chunk = os.read(self.fd, len(FRAME_MARKER) - len(self._head))
        if not chunk:
            raise EOFError
        self._head += chunk
        if len(self._head) < len(FRAME_MARKER):
            return None
        if self._head != FRAME_MARKER:
            raise Y4mError("a picture of another size than the stream's header (its size changed mid-stream)")
        self._head.clear()
        self._picture, self._filled = np.empty((self.height * 3 // 2, self.width), np.uint8), 0
        return None
