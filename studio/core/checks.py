"""Checks for what a producer types, made once and before anything starts.

Numbers (`--duration`, `--fps`, `--keyframe-interval`, a camera index) must be
finite and in a sane range: Python's float() happily reads `nan`, `inf` and
`1e-9`. Files the studio will write at the end of a show (`--stats-json`,
`show export -o`) are checked at the start, so a missing folder never costs the
summary of a whole show. A CA bundle must be PEM certificates before a show
starts, not fail as an internal error when the first rtmps:// connection opens.
Each failure is one line naming the option and the value.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from studio.errors import UserInputError


def check_number(option: str, value: float, low: float, high: float, unit: str = "",
                 whole: bool = False, hint: str = "") -> float:
    """`value` if it is finite (and whole, if asked) and within [low, high]; else one clear line."""
    shown = f"{option} {value:g}" if isinstance(value, (int, float)) else f"{option} {value!r}"
    unit_text = f" {unit}" if unit else ""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise UserInputError(f"{shown}: must be a finite number between {low:g} and {high:g}{unit_text}")
    if whole and value != int(value):
        raise UserInputError(f"{shown}: must be a whole number")
    if not low <= value <= high:
        extra = f" ({hint})" if hint else ""
        raise UserInputError(f"{shown}: must be between {low:g} and {high:g}{unit_text}{extra}")
    return value


MAX_SHOW_DURATION_S = 7 * 24 * 3600.0


def check_duration(value: float | None, fps: int, option: str = "--duration") -> float | None:
    """At least one frame, at most a week; None means until stopped."""
    if value is None:
        return None
    return check_number(option, value, 1 / fps, MAX_SHOW_DURATION_S, "s",
                        hint=f"at least one frame, {1 / fps:.3g} s at {fps} fps")


def check_output_file(path: str | Path, option: str) -> Path:
    """A file we will write later: its folder must exist and be writable now, and it must not be a folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserInputError(f"{option} {path}: is a folder; give a file name")
    if not folder.is_dir():
        raise UserInputError(f"{option} {path}: the folder {folder} does not exist (create it first)")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserInputError(f"{option} {path}: cannot be written (permission denied)")
    return path


def check_ca_file(path: str | Path, option: str = "--ca-file") -> Path:
    """A readable file of PEM certificates that OpenSSL accepts as trust anchors."""
    path = Path(path)
    if not path.is_file():
        raise UserInputError(f"{option} {path}: no such file")
    try:
        text = path.read_bytes()
    except OSError as error:
        raise UserInputError(f"{option} {path}: cannot be read ({error.strerror})") from None
    if b"-----BEGIN CERTIFICATE-----" not in text:
        raise UserInputError(f"{option} {path}: not a PEM certificate bundle (expected '-----BEGIN CERTIFICATE-----'; "
                             "convert a DER file with `openssl x509 -inform der -in FILE -out FILE.pem`)")
    import ssl  # only for --ca-file: a plain broadcast does not load OpenSSL's module

    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError) as error:
        raise UserInputError(f"{option} {path}: OpenSSL cannot load these certificates ({error.__class__.__name__}: "
                             f"{getattr(error, 'reason', None) or error})") from None
    return path
