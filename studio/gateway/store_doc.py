"""docs/store.md's generated tables: the store events (studio/gateway/store_events.py) and the store
page's limits (studio/gateway/store_limits.py). `make docs` rewrites them; tests/store/test_store_doc.py
fails when the page and the declarations disagree."""

from __future__ import annotations

import sys
from pathlib import Path

from studio.doc_sections import rewrite_section
from studio.gateway import store_limits
from studio.gateway.store_events import STORE_EVENTS

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "store.md"
EVENTS_BEGIN = "<!-- store-events: generated from studio/gateway/store_events.py by `make docs`; do not edit -->"
EVENTS_END = "<!-- store-events: end -->"
LIMITS_BEGIN = "<!-- store-limits: generated from studio/gateway/store_limits.py by `make docs`; do not edit -->"
LIMITS_END = "<!-- store-limits: end -->"


def events_table() -> str:
    rows = [EVENTS_BEGIN, "", "| event | when, and its `data` |", "|---|---|"]
    rows += [f"| `{event.name}` | {event.doc} |" for event in STORE_EVENTS.values()]
    return "\n".join([*rows, "", EVENTS_END])


def limits_table() -> str:
    rows = [LIMITS_BEGIN, "", "| limit | value | what it bounds |", "|---|---|---|"]
    for name, (unit, meaning) in store_limits.STORE_LIMIT_DOCS.items():
        value = getattr(store_limits, name)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        rows.append(f"| `{name}` | {shown} {unit} | {meaning} |")
    return "\n".join([*rows, "", LIMITS_END])


def rewrite(path: Path = DOC_PATH) -> bool:
    events = rewrite_section(path, EVENTS_BEGIN, EVENTS_END, events_table())
    return rewrite_section(path, LIMITS_BEGIN, LIMITS_END, limits_table()) or events


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
