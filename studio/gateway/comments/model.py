"""One comment, normalised: whatever platform it came from, the bus, the store and clients see this."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import asdict, dataclass, field

from studio.gateway.comments.sanitise import clean_author, clean_text

# The platforms a source may be, with the mark the comment graphic and the console show for each.
PLATFORMS = {"youtube": "YouTube", "twitch": "Twitch", "facebook": "Facebook", "x": "X", "inbound": "Chat"}
MAX_BADGES = 8
_QUESTION_START = re.compile(r"^(how|what|when|where|which|who|why|is|are|does|do|can|could|will|would|should|"
                             r"any|has|have)\b", re.IGNORECASE)


@dataclass
class Comment:
    platform: str                # a PLATFORMS key
    platform_id: str             # the platform's own id for it: duplicates are dropped by (platform, platform_id)
    author: str
    text: str
    posted_at: float             # Unix seconds, as the platform says
    author_id: str = ""
    badges: list[str] = field(default_factory=list)   # "moderator", "member", "verified", "owner", ...
    source: str = ""             # the stored source that brought it
    received_at: float = field(default_factory=time.time)
    id: int | None = None        # the store's id (the one `studio control comment feature ID` takes)
    question: bool = False
    hidden: bool = False
    pinned: bool = False

    def as_event(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "author_id"}


def normalised(platform: str, platform_id: object, author: object, text: object, posted_at: float | None,
               author_id: object = "", badges: object = (), source: str = "") -> Comment:
    """A comment from a connector's raw fields, every text field sanitised (studio/gateway/comments/sanitise.py)."""
    cleaned = clean_text(text)
    # Without the platform's id a comment cannot be told from a repeat: it gets one of its own (never deduplicated).
    platform_id = clean_text(platform_id, 200) or f"none-{uuid.uuid4().hex}"
    return Comment(
        platform=platform, platform_id=platform_id, author=clean_author(author),
        text=cleaned, posted_at=float(posted_at) if posted_at else time.time(),
        author_id=clean_text(author_id, 200), badges=[clean_text(b, 32) for b in list(badges or ())[:MAX_BADGES]],
        source=source, question=is_question(cleaned))


def is_question(text: str) -> bool:
    return "?" in text or "？" in text or bool(_QUESTION_START.match(text))
