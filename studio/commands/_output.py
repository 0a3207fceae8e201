"""Where an export goes: a file named by --output, or standard output."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from studio.core.checks import check_output_file
from studio.errors import UserInputError


def write_text_or_stdout(text: str, output: Path | None) -> None:
    """Write `text` whole to `output` (a temporary file renamed into place: never half a file), or print it."""
    if not output:
        sys.stdout.write(text)
        return
    output = check_output_file(output, "--output")
    temp = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output.parent or ".", prefix=f".{output.name}.",
                                         suffix=".tmp", delete=False) as temp:
            temp.write(text)
        os.replace(temp.name, output)
    except OSError as error:
        if temp is not None and Path(temp.name).exists():
            Path(temp.name).unlink()
        raise UserInputError(f"--output {output}: cannot be written ({error.strerror or error})") from None
    print(f"wrote {output}")
