"""Keeping stream keys out of every message the studio prints or stores.

Anything that may be shown to a person goes through `redact_url` first. Both
live with the one stream-URL parser (studio/core/output/stream_url.py), so
masking understands every URL shape that storing does.
"""

from __future__ import annotations

from studio.core.output.stream_url import MIN_KEY_LENGTH_TO_HINT, VISIBLE_KEY_CHARS, mask_key, redact_url

__all__ = ["MIN_KEY_LENGTH_TO_HINT", "VISIBLE_KEY_CHARS", "mask_key", "redact_url"]
