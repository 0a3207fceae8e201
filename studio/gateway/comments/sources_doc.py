"""The comment sources table of docs/comments.md, written from SOURCE_KINDS (`make docs` rewrites it).

tests/comments/test_sources_doc.py fails when the page and the declarations disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studio.doc_sections import rewrite_section
from studio.gateway.comments.sources import SOURCE_KINDS

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "comments.md"
BEGIN = "<!-- comment-sources: generated from studio/gateway/comments/sources.py by `make docs`; do not edit -->"
END = "<!-- comment-sources: end -->"


def sources_table() -> str:
    rows = [BEGIN, "", "| kind | what | options (besides `--show`, `--name`) | secrets (read from stdin) | "
                       "default `--api-base` |", "|---|---|---|---|---|"]
    for kind in SOURCE_KINDS.values():
        options = "<br>".join(f"`--{s.name}`{' (required)' if s.required else f' = {s.default}'}: {s.help}"
                              for s in kind.settings)
        secrets = "<br>".join(f"`--{s.name}-stdin`: {s.help}" for s in kind.secrets)
        rows.append(f"| `{kind.name}` | {kind.title} | {options} | {secrets} | {kind.default_api_base or '—'} |")
    return "\n".join([*rows, "", END])


def rewrite(path: Path = DOC_PATH) -> bool:
    return rewrite_section(path, BEGIN, END, sources_table())


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
