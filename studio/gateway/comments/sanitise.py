"""Text from strangers, made harmless before it reaches a renderer, a log, the database or a client.

Comments arrive from platforms and from anyone who holds an inbound secret: they may carry control
characters, bidirectional overrides (which turn the rest of a line, or a log, around), lone
surrogates (not valid Unicode: every codec refuses them), HTML, zero-width tricks, combining marks
stacked a hundred high ("Zalgo") and megabytes of text. `clean_text` keeps what a person meant to
write: letters, emoji, one or two combining marks per letter, single spaces; `fit` shortens it for a
graphic's field, whole graphemes and words kept where it can.
"""

from __future__ import annotations

import html
import re
import unicodedata

from studio.wire.text_safety import fit

MAX_COMMENT_CHARS = 2000      # stored and sent to clients; a 10 KB comment is cut here
MAX_AUTHOR_CHARS = 64
MAX_COMBINING_PER_CHAR = 2    # enough for Vietnamese or Hindi; a Zalgo tower is cut to this
MAX_RAW_CHARS = 64 * 1024     # beyond this a comment is cut before any work is done on it

_TAG = re.compile(r"<[^>]{0,500}>")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Bidirectional embeddings, overrides and isolates; zero-width and invisible format characters; the BOM.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u206a-\u206f\ufeff\ufff9-\ufffb]")
_SPACES = re.compile(r"\s+")


def clean_text(raw: object, max_chars: int = MAX_COMMENT_CHARS) -> str:
    """One line of plain text, at most `max_chars` characters (an ellipsis marks a cut)."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = _LONE_SURROGATE.sub("\ufffd", text[:MAX_RAW_CHARS])
    text = html.unescape(_TAG.sub(" ", text))   # `<b>hi</b>` -> "hi"; `&lt;b&gt;` -> "<b>" shown as text
    text = _TAG.sub(" ", text)                  # what the entities spelled is markup too
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = "".join(_kept(text))
    text = _SPACES.sub(" ", text).strip()
    return fit(text, max_chars)


def _kept(text: str):
    marks = 0
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn" or category == "Me":
            marks += 1
            if marks > MAX_COMBINING_PER_CHAR:
                continue
        else:
            marks = 0
        if category == "Cc":            # control characters: tabs and newlines become spaces, the rest go
            yield " " if char in "\t\n\r\x0b\x0c\x85" else ""
        elif category in ("Cs", "Co", "Cn") and char != "\ufffd":
            continue                    # surrogates, private use, unassigned
        elif category == "Zl" or category == "Zp":
            yield " "
        else:
            yield char


def clean_author(raw: object) -> str:
    return clean_text(raw, MAX_AUTHOR_CHARS) or "(no name)"
