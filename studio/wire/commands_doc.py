"""The vendor request table in docs/control.md, written from the registry (`make docs` rewrites it).

`python -m studio.wire.commands_doc` replaces the text between the markers;
tests/control/test_command_registry.py fails when the page and the declarations disagree.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

from studio.doc_sections import rewrite_section

from studio.wire.bounds import options_of
from studio.wire.command_spec import FieldSpec, field_specs
from studio.wire.commands import VENDOR_COMMANDS

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "control.md"
BEGIN = "<!-- vendor-requests: generated from studio/wire/commands.py by `make docs`; do not edit -->"
END = "<!-- vendor-requests: end -->"
_TYPE_NAMES = {str: "str", int: "int", float: "number", bool: "bool", dict: "object", list: "list"}
_WHERE = {"engine": "engine thread, at a frame boundary", "worker": "worker thread", "gateway": "gateway (comment bus)"}


def _type(base) -> str:
    names = []
    for option in options_of(base):
        if option is type(None):
            continue
        if typing.get_origin(option) is list:
            (item,) = typing.get_args(option)
            names.append(f"list of {_TYPE_NAMES[item]}")
        else:
            names.append(_TYPE_NAMES.get(option, getattr(option, "__name__", str(option))))
    if "number" in names and "int" in names:   # an int is a number: say it once
        names.remove("int")
    return " or ".join(dict.fromkeys(names))


def _field(spec: FieldSpec) -> str:
    details = [_type(spec.base)] + [bound.describe() for bound in spec.bounds if bound.describe()]
    if not spec.required:
        details.append(f"default {json.dumps(spec.default, ensure_ascii=False)}")
    if spec.doc:
        details.append(spec.doc)
    return f"`{spec.name}` ({'; '.join(details)})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def vendor_table() -> str:
    lines = [BEGIN, "", "| request | data | answer | what it does | runs on |", "|---|---|---|---|---|"]
    for name, cls in VENDOR_COMMANDS.items():
        declared = cls.declaration
        data = ", ".join(_field(spec) for spec in field_specs(cls)) or "—"
        where = _WHERE[declared.runs_on] + ("; on air" if declared.on_air else "")
        lines.append(f"| `{name}` | {_cell(data)} | {_cell(declared.answers or '`{}`')} | {_cell(declared.doc)} "
                     f"| {where} |")
    lines += ["", END]
    return "\n".join(lines)


def rewrite(path: Path = DOC_PATH) -> bool:
    """Replace the generated section of the page; True if it changed."""
    return rewrite_section(path, BEGIN, END, vendor_table())


if __name__ == "__main__":
    print(f"{DOC_PATH}: {'rewritten' if rewrite() else 'already current'}", file=sys.stderr)
