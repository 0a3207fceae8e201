"""What may travel on the wire: valid Unicode, finite numbers, integers a codec can carry, bounded nesting.

`problem_in(value)` finds the first thing a request must not carry (checked at the gateway's
edge, before anything is parsed into a command); `wire_safe(value)` is the fallback copy of an
outgoing message that one codec could not encode: lone surrogates become U+FFFD, NaN and the
infinities become null (JSON has none), integers beyond 64 bits become their decimal text, and
anything else unknown becomes its text. It is used for the one client whose codec failed, never
for everyone.
"""

from __future__ import annotations

import math
import re
import unicodedata

MAX_NESTING_DEPTH = 32
INT64_MIN, UINT64_MAX = -(2 ** 63), 2 ** 64 - 1
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    return _LONE_SURROGATE.search(text) is not None


def problem_in(value: object, depth: int = 0, path: str = "") -> str | None:
    """A one-line reason if `value` (decoded JSON or MessagePack) cannot be accepted, else None."""
    where = path or "the message"
    if depth > MAX_NESTING_DEPTH:
        return f"{where}: nested deeper than {MAX_NESTING_DEPTH} levels"
    if isinstance(value, str):
        return f"{where}: text with a lone surrogate (not valid Unicode)" if has_lone_surrogate(value) else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if INT64_MIN <= value <= UINT64_MAX else f"{where}: an integer beyond 64 bits"
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where}: {value} is not a number JSON can carry"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where}: a key that is not text"
            problem = problem_in(key, depth + 1, path) or problem_in(item, depth + 1, f"{path}.{key}" if path else key)
            if problem:
                return problem
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = problem_in(item, depth + 1, f"{path}[{index}]")
            if problem:
                return problem
        return None
    return f"{where}: a {type(value).__name__} value (only text, numbers, true/false, null, lists and objects)"


def wire_safe(value: object, allow_nan: bool = False, depth: int = 0) -> object:
    """A copy of `value` every codec can encode (see the module's doc)."""
    if depth > MAX_NESTING_DEPTH * 4:
        return None
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if INT64_MIN <= value <= UINT64_MAX else str(value)
    if isinstance(value, float):
        return value if allow_nan or math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(wire_safe(key, allow_nan, depth + 1)): wire_safe(item, allow_nan, depth + 1)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [wire_safe(item, allow_nan, depth + 1) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return wire_safe(str(value), allow_nan, depth + 1)


def fit(text: str, max_chars: int) -> str:
    """Text from strangers in a field with a limit (a comment in the comment graphic): at most `max_chars`
    characters, cut at a word boundary where one is near, never between a letter and its combining
    marks or inside an emoji sequence, with "…" at the end."""
    if len(text) <= max_chars:
        return text
    cut = max_chars - 1
    while cut > 0 and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f"
                       or unicodedata.category(text[cut]) == "Sk" or text[cut - 1] == "\u200d"):
        cut -= 1
    space = text.rfind(" ", 0, cut + 1)
    if space > cut * 0.7:
        cut = space
    return text[:cut].rstrip() + "…"
