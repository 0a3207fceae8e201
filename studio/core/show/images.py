"""Product images, fetched once into a content-addressed cache.

Files are named by the SHA-256 of their bytes, so two products sharing a picture
share a file and a re-import never downloads a URL it already has. Every image
is checked before it is kept: byte limit, pixel limit (read from the header, so a
decompression bomb is refused before it is decoded), and a real decode.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from studio.core.show.fetch import FetchError, FetchLimits, fetch


class ImageError(Exception):
    """Why one image could not be cached; the product is imported without it."""


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    fetch: FetchLimits = field(
        default_factory=lambda: FetchLimits(timeout_s=10.0, total_timeout_s=30.0, max_bytes=10 * 1024 * 1024)
    )


@dataclass(frozen=True)
class CachedImage:
    source: str
    sha256: str
    path: Path
    width: int
    height: int
    size_bytes: int


class ImageCache:
    def __init__(self, directory: str | Path, limits: ImageLimits | None = None):
        self.directory = Path(directory)
        self.limits = limits or ImageLimits()

    def get(
        self, db: sqlite_utils.Database, source: str, base_dir: Path | None = None, *, origin: str | None = None
    ) -> CachedImage:
        """The cached image for `source` (a URL, or a path relative to `base_dir`).

        `origin` is the host:port of the remote catalog that named the image, None for
        the producer's own file: a remote catalog may only name http(s) images, and may
        reach a private address only at its own origin (see `addresses.py`).
        """
        if _is_url(source):
            known = self._known(db, source)
            if known is not None:
                return known
            try:
                data = fetch(source, self.limits.fetch, accept=("image/",), trusted_netloc=origin).body
            except FetchError as error:
                raise ImageError(str(error)) from None
        elif origin is not None:
            raise ImageError(f"{source}: not an http(s) URL; a remote catalog cannot name files on this computer")
        else:
            path = Path(source)
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            source = str(path.resolve())
            data = self._read_local(path)
        return self._store(source, data)

    def record(self, db: sqlite_utils.Database, image: CachedImage) -> None:
        """Remember where `image.source` lives; call inside the import's transaction."""
        db["images"].upsert(
            {
                "source": image.source,
                "sha256": image.sha256,
                "path": str(image.path),
                "width": image.width,
                "height": image.height,
                "size_bytes": image.size_bytes,
                "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            },
            pk="source",
        )

    def _known(self, db: sqlite_utils.Database, source: str) -> CachedImage | None:
        for row in db.query("SELECT * FROM images WHERE source = ?", [source]):
            path = Path(row["path"])
            if path.exists():
                return CachedImage(source, row["sha256"], path, row["width"], row["height"], row["size_bytes"])
        return None

    def _read_local(self, path: Path) -> bytes:
        """A regular file's bytes, never more than the limit (a device or a FIFO is refused
        before it is read: /dev/zero never ends and a FIFO blocks until a writer comes)."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as error:
            raise ImageError(f"{path}: cannot read ({error.strerror or error})") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise ImageError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb") as handle:
            try:
                data = handle.read(self.limits.max_bytes + 1)
            except OSError as error:
                raise ImageError(f"{path}: cannot read ({error.strerror or error})") from None
        if len(data) > self.limits.max_bytes:
            raise ImageError(f"{path}: over the {self.limits.max_bytes} byte limit")
        return data

    def _store(self, source: str, data: bytes) -> CachedImage:
        if len(data) > self.limits.max_bytes:
            raise ImageError(f"{source}: {len(data)} bytes is over the {self.limits.max_bytes} byte limit")
        kind, width, height = probe_image(data, source)
        if width * height > self.limits.max_pixels:
            raise ImageError(
                f"{source}: {width}x{height} is over the {self.limits.max_pixels:,} pixel limit"
            )
        _check_decodes(data, source)
        digest = hashlib.sha256(data).hexdigest()
        target = self.directory / digest[:2] / f"{digest}.{kind}"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a crash never leaves a half-written file under a valid name.
            fd, temp_name = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
            os.replace(temp_name, target)
        return CachedImage(source, digest, target, width, height, len(data))


def probe_image(data: bytes, source: str = "image") -> tuple[str, int, int]:
    """(format, width, height) read from the header, without decoding pixels."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "png", width, height
        if data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", data[6:10])
            return "gif", width, height
        if data.startswith(b"\xff\xd8"):
            return ("jpg", *_jpeg_size(data))
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return ("webp", *_webp_size(data))
    except (struct.error, IndexError):
        raise ImageError(f"{source}: the image header is truncated") from None
    raise ImageError(f"{source}: not a PNG, JPEG, GIF or WebP image")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    offset = 2
    while offset + 9 < len(data):
        if data[offset] != 0xFF:
            offset += 1
            continue
        marker = data[offset + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            offset += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[offset + 5 : offset + 9])
            return width, height
        offset += 2 + length
    raise IndexError


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    raise IndexError


def _check_decodes(data: bytes, source: str) -> None:
    from studio.core.image_files import decode_image  # imported here: only imports that carry images need PyAV

    decoded = decode_image(data)
    if decoded is None or decoded.size == 0:
        raise ImageError(f"{source}: the bytes do not decode as an image")


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))
