"""The "Limits" table of docs/control.md, written from studio/gateway/limits.py (`make docs` rewrites it).

tests/gateway/test_limits_doc.py fails when the page and the constants disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studio.doc_sections import rewrite_section

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
    """Replace the generated section of the page; True if it changed."""
    return rewrite_section(path, BEGIN, END, limits_table())


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
