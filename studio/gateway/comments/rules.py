"""A show's rules applied to one comment: is it blocked (words, authors), is it a claim, and of what.

Claims as live-commerce sellers take them (CommentSold, SHOPLINE, Whatnot): "SOLD", "claim", "mine"
(the show's claim words), "#SKU", "want 2", or a product's keyword, in any case. Without a SKU or a
keyword the claim is for the product on air (the engine knows which). The engine decides whether
stock is left; this only reads the comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.gateway.comments.store import Rules

from studio.wire.commands import MAX_CLAIM_QUANTITY  # noqa: E402 - the edge limit of ClaimStock, declared once
_WANT = re.compile(r"\bwant\s+(\d{1,3})\b", re.IGNORECASE)   # "want 2"; "I want to know..." is no claim
_HASH_SKU = re.compile(r"#([A-Za-z0-9][A-Za-z0-9._-]{0,63})")
_TIMES = re.compile(r"(?:\bx\s*(\d{1,3})\b|\b(\d{1,3})\s*x\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    sku: str          # "" : the product on air
    quantity: int


def blocked_reason(author: str, text: str, rules: Rules) -> str | None:
    if any(author.casefold() == name.casefold() for name in rules.blocked_authors):
        return "author"
    folded = text.casefold()
    for word in rules.blocked_words:
        if re.search(r"(?<!\w)" + re.escape(word.casefold()) + r"(?!\w)", folded):
            return "word"
    return None


def claim_in(text: str, rules: Rules) -> Claim | None:
    """The claim a comment makes under the show's rules, or None."""
    sku_match = _HASH_SKU.search(text)
    sku = sku_match.group(1) if sku_match else ""
    want = _WANT.search(text)
    words = [word for word in rules.claim_words if word]
    said = bool(words) and re.search(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", text,
                                     re.IGNORECASE) is not None
    keyword_sku = ""
    for keyword, keyword_target in rules.keywords.items():
        if keyword and re.search(r"(?<!\w)" + re.escape(keyword) + r"(?!\w)", text, re.IGNORECASE):
            keyword_sku = keyword_target
            break
    if not (sku or want or said or keyword_sku):
        return None
    quantity = 1
    if want:
        quantity = int(want.group(1))
    else:
        times = _TIMES.search(text)
        if times:
            quantity = int(times.group(1) or times.group(2))
    if not 1 <= quantity <= MAX_CLAIM_QUANTITY:
        return None
    return Claim(sku or keyword_sku, quantity)
