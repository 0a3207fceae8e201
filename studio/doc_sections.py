"""Generated sections of docs/*.md: the text between two marker lines, rewritten from a declaration.

Each generator (the graphics parameter reference, the vendor request table, the gateway's limits)
names its markers and makes its text; `make docs` rewrites, and each has a test that the page holds
what its declaration makes.
"""

from __future__ import annotations

import re
from pathlib import Path


def rewrite_section(path: Path, begin: str, end: str, section: str) -> bool:
    """Replace the text from `begin` to `end` (markers included) with `section`; True if it changed."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no generated section (add the lines {begin!r} and {end!r})")
    new = pattern.sub(lambda _: section, text)
    path.write_text(new, encoding="utf-8")
    return new != text
