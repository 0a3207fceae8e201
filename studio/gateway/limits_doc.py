"""The "Limits" table of docs/control.md, written from studio/gateway/limits.py (`make docs` rewrites it).

tests/gateway/test_limits_doc.py fails when the page and the constants disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from studio.gateway import limits

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "control.md"
BEGIN = "<!-- gateway-limits: generated from studio/gateway/limits.py by `make docs`; do not edit -->"
END = "<!-- gateway-limits: end -->"


def limits_table() -> str:
    rows = [BEGIN, "", "| limit | value | what it bounds |", "|---|---|---|"]
    for name, (unit, meaning) in limits.LIMIT_DOCS.items():
        value = getattr(limits, name)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        rows.append(f"| `{name}` | {shown} {unit} | {meaning} |")
    return "\n".join([*rows, "", END])


def rewrite(path: Path = DOC_PATH) -> bool:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no generated section (add the lines {BEGIN!r} and {END!r})")
    new = pattern.sub(lambda _: limits_table(), text)
    path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
