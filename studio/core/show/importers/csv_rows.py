"""Reading CSV records with the line each starts on, and saying clearly why a file cannot be read.

Quoted fields may span lines, so a record's line is the one its first field is on,
as a spreadsheet shows it. The reader is strict: a quote that is never closed is
reported at the line where it opened instead of swallowing the rest of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from studio.errors import UserInputError

FIELD_LIMIT_KB = csv.field_size_limit() // 1024
ProgressCallback = Callable[[str, int, int], None]  # (phase, bytes read, file size)
RowProgress = Callable[[int, int], None]  # (bytes read, file size)


class _CountingReader(io.RawIOBase):
    """Counts the bytes read from a binary file, for progress without `tell()`."""

    def __init__(self, raw: io.BufferedReader):
        self.raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.bytes_read += count or 0
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def check_encoding(path: Path) -> None:
    """Refuse UTF-16 (Excel's "Unicode Text") with a hint instead of a decode error."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in start:
        raise UserInputError(
            f"{path}: the file is UTF-16 (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)'"
        )


def check_delimiter(path: Path, header: list[str]) -> None:
    """A header read as one column full of ';' or tabs is another delimiter, not missing columns."""
    if len(header) != 1:
        return
    for delimiter, name in ((";", "semicolon"), ("\t", "tab")):
        if delimiter in header[0]:
            raise UserInputError(
                f"{path}: line 1 looks {name}-separated; export the file as comma-separated CSV "
                "('CSV UTF-8 (Comma delimited)' in Excel, or set the separator to ',')"
            )


def read_rows(path: Path, progress: RowProgress | None = None) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) for each record; the BOM Excel adds is dropped."""
    total = path.stat().st_size
    with path.open("rb") as binary:
        counter = _CountingReader(binary)
        text = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        next_line = 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise UserInputError(f"{path}: line {next_line}: {_explain(str(error))}") from None
            except UnicodeDecodeError as error:
                raise UserInputError(
                    f"{path}: near line {next_line}: not UTF-8 text ({error.reason}); save it as CSV UTF-8"
                ) from None
            yield next_line, fields
            next_line = reader.line_num + 1
            if progress is not None:
                progress(counter.bytes_read, total)


def _explain(reason: str) -> str:
    if "field larger than field limit" in reason:
        return f"a field is longer than {FIELD_LIMIT_KB} KB (or a quote opened here is never closed)"
    if "unexpected end of data" in reason or "EOF" in reason:
        return 'a quote (") opened here is never closed'
    if "expected after" in reason:
        return 'a quoted field is followed by other text; double a quote inside a quoted field ("")'
    return f"not a readable CSV record ({reason})"
