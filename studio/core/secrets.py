"""Keeping stream keys out of every message the studio prints or stores.

RTMP ingest URLs carry the stream key as their last path segment
(`rtmp://host/app/KEY`); anything that may be shown to a person goes through
`redact_url` first.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

VISIBLE_KEY_CHARS = 4
# Shorter keys are masked whole: four characters of a short key give too much away.
MIN_KEY_LENGTH_TO_HINT = 12


def mask_key(key: str) -> str:
    """`live_1234abcd` -> `****abcd`: enough to tell keys apart, not to use one."""
    if len(key) < MIN_KEY_LENGTH_TO_HINT:
        return "****"
    return "****" + key[-VISIBLE_KEY_CHARS:]


def redact_url(url: str) -> str:
    """The URL with its stream key (last path segment), password and query masked."""
    parts = urlsplit(url)
    if parts.scheme in ("", "file") or not parts.netloc:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "****@" + netloc.rsplit("@", 1)[1]
    segments = parts.path.split("/")
    # rtmp://host/app/KEY: the first segment is the application, later ones the key.
    if len([s for s in segments if s]) >= 2 and segments[-1]:
        segments[-1] = mask_key(segments[-1])
    query = "****" if parts.query else ""
    return urlunsplit((parts.scheme, netloc, "/".join(segments), query, ""))
