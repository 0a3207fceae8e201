"""Where an export goes: a file named by --output, or standard output."""

from __future__ import annotations

import sys
from pathlib import Path


def write_text_or_stdout(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}")
    else:
        sys.stdout.write(text)
