"""The parameter reference in docs/graphics.md, written from the registry (`make docs` rewrites it).

tests/graphics/test_kinds_doc.py fails when the page and the declarations disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from studio.doc_sections import rewrite_section

from studio.core.graphics.kinds import GRAPHIC_KINDS, Z_ORDER, Sku

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "graphics.md"
BEGIN = "<!-- graphic-kinds: generated from studio/core/graphics/kinds.py by `make docs`; do not edit -->"
END = "<!-- graphic-kinds: end -->"
_TYPE_NAMES = {str: "text", bool: "true/false", float: "number", Sku: "SKU (a product, referred to)"}


def _default(param) -> str:
    if param.required:
        return "**required**"
    if param.default_from_show:
        return param.default_from_show
    return f"`{json.dumps(param.default, ensure_ascii=False)}`"


def _limit(param) -> str:
    return f"{param.max_chars} characters" if param.max_chars else ""


def parameter_reference() -> str:
    parts = [BEGIN, "", f"Stacking, bottom to top: {', '.join(f'`{kind}`' for kind in Z_ORDER)}.", ""]
    for kind in GRAPHIC_KINDS.values():
        example = json.dumps(dict(kind.example), ensure_ascii=False)
        persists = " Stays up across segments and takes until hidden." if kind.persists else ""
        parts += [f"#### `{kind.name}`", "", f"{kind.description}{persists} Data: `{kind.data_type.__name__}`.", ""]
        if kind.params:
            parts += ["| parameter | type | default | limit | what it does |", "|---|---|---|---|---|"]
            parts += [f"| `{p.name}` | {_TYPE_NAMES[p.type]} | {_default(p)} | {_limit(p)} | {p.description} |"
                      for p in kind.params]
            parts.append("")
        parts += [f"Cue: `{kind.name}@0 {example}`", ""]
    parts.append(END)
    return "\n".join(parts)


def rewrite(path: Path = DOC_PATH) -> bool:
    """Replace the generated section of the page; True if it changed."""
    return rewrite_section(path, BEGIN, END, parameter_reference())


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
