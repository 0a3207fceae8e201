"""The file a second (third, ...) recording of the same show goes to: never an earlier recording's."""

from __future__ import annotations

from pathlib import Path


def next_free_name(planned: Path, made: int, overwrite: bool) -> Path:
    """`show-2.mkv` for the second recording of `show.mkv` (`made` = 2), or the next number no file has yet
    (with `overwrite`, the numbered name as it is)."""
    path = planned.with_name(f"{planned.stem}-{made}{planned.suffix}")
    while path.exists() and not overwrite:
        made += 1
        path = planned.with_name(f"{planned.stem}-{made}{planned.suffix}")
    return path
