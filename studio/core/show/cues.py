"""Graphics cues: what appears at which offset into a segment.

A cue is plain data, stored as JSON in its segment:
    {"kind": "callout", "offset_s": 30, "duration_s": 10, "params": {"text": "Only 3 left"}}
    {"kind": "card", "offset_s": 0}                  # the segment's product card
    {"kind": "card", "offset_s": 45, "action": "hide"}
    {"kind": "countdown", "offset_s": 60, "duration_s": 30, "params": {"label": "Deal ends"}}
Each kind's params are declared in studio/core/graphics/kinds.py and checked here.
On the command line the same cue is written `callout@30+10 {"text": "Only 3 left"}`,
`hide:card@45`, `countdown@1:00+30 {"label": "Deal ends"}`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from studio.core.graphics.kinds import GRAPHIC_KINDS, validate_graphic_params
from studio.errors import UserInputError

ACTIONS = ("show", "hide")
MAX_DURATION_S = 24 * 3600


@dataclass(frozen=True)
class Cue:
    kind: str
    offset_s: float
    params: dict[str, Any] = field(default_factory=dict)
    action: str = "show"
    # show: hide again after this long (countdown: its length); None = until hidden or the segment ends
    duration_s: float | None = None
    # show: stays up after the segment ends (a logo or ticker for the whole show)
    persist: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "offset_s": self.offset_s}
        if self.action != "show":
            data["action"] = self.action
        if self.duration_s is not None:
            data["duration_s"] = self.duration_s
        if self.persist:
            data["persist"] = True
        if self.params:
            data["params"] = self.params
        return data


def parse_duration(text: str | float | int, what: str = "duration", checked: bool = True) -> float:
    """Seconds from `90`, `90s`, `2m`, `1:30` or `1:02:03`; `checked`: within 0-24 hours (else the caller
    holds it to its own range)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        seconds = float(text)
    else:
        raw = str(text).strip().lower()
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(s|m|h)?", raw)
        if match:
            seconds = float(match.group(1)) * {"s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]
        elif re.fullmatch(r"\d+(:[0-5]?\d){1,2}(\.\d+)?", raw):
            seconds = 0.0
            for part in raw.split(":"):
                seconds = seconds * 60 + float(part)
        else:
            raise UserInputError(f"{what} {text!r}: expected seconds (90), minutes:seconds (1:30) or 2m")
    if checked and (not math.isfinite(seconds) or seconds < 0 or seconds > MAX_DURATION_S):
        raise UserInputError(f"{what} {text!r}: must be between 0 and 24 hours")
    return seconds


def parse_cue_text(text: str) -> Cue:
    """`[hide:]KIND@OFFSET[+DURATION] [JSON params]` -> Cue."""
    match = re.fullmatch(r"\s*(?:(show|hide):)?([a-z_]+)@([\d:.]+[smh]?)(?:\+([\d:.]+[smh]?))?\s*(\{.*\})?\s*", text, re.S)
    if not match:
        raise UserInputError(
            f"cue {text!r}: expected KIND@OFFSET[+DURATION] [JSON], e.g. 'callout@30+10 {{\"text\": \"Only 3 left\"}}'"
        )
    action, kind, offset, duration, params_text = match.groups()
    params: Any = {}
    if params_text:
        try:
            params = json.loads(params_text)
        except json.JSONDecodeError as error:
            raise UserInputError(f"cue {text!r}: the parameters are not valid JSON ({error.msg})") from None
    raw = {"kind": kind, "offset_s": parse_duration(offset, f"cue {text!r} offset"), "action": action or "show",
           "params": params}
    if isinstance(params, dict) and "persist" in params:
        # The text form has no other place for it: `logo@0 {"persist": true}`.
        raw["persist"] = params.pop("persist")
    if duration:
        raw["duration_s"] = parse_duration(duration, f"cue {text!r} duration")
    return cue_from_json(raw, f"cue {text!r}")


def cue_from_json(raw: Any, where: str) -> Cue:
    if not isinstance(raw, dict):
        raise UserInputError(f"{where}: expected an object with kind and offset_s")
    unknown = set(raw) - {"kind", "offset_s", "params", "action", "duration_s", "persist"}
    if unknown:
        raise UserInputError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    kind = raw.get("kind")
    if kind not in GRAPHIC_KINDS:
        raise UserInputError(f"{where}: kind {kind!r} is not one of: {', '.join(GRAPHIC_KINDS)}")
    action = raw.get("action", "show")
    if action not in ACTIONS:
        raise UserInputError(f"{where}: action {action!r} must be show or hide")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise UserInputError(f"{where}: params must be a JSON object")
    if action == "hide" and params:
        raise UserInputError(f"{where}: a hide cue takes no parameters")
    try:
        validate_graphic_params(kind, params)  # stored as given; defaults are filled when it airs
    except UserInputError as error:
        raise UserInputError(f"{where}: {error}") from None
    if "offset_s" not in raw:
        raise UserInputError(f"{where}: offset_s is required")
    offset_s = parse_duration(raw["offset_s"], f"{where} offset_s")
    duration_s = raw.get("duration_s")
    if duration_s is not None:
        duration_s = parse_duration(duration_s, f"{where} duration_s")
        if duration_s <= 0:
            raise UserInputError(f"{where}: duration_s must be more than 0")
    persist = raw.get("persist", False)
    if not isinstance(persist, bool):
        raise UserInputError(f"{where}: persist must be true or false, not {persist!r:.40}")
    return Cue(kind, offset_s, params, action, duration_s, persist)


def check_cues_fit(cues: list[Cue], planned_duration_s: float, where: str) -> None:
    for index, cue in enumerate(cues):
        try:  # cues built in Python (the UI, the control API) are checked here, as parsed ones are
            validate_graphic_params(cue.kind, cue.params)
        except UserInputError as error:
            raise UserInputError(f"{where}: cue {index + 1}: {error}") from None
        if cue.offset_s >= planned_duration_s:
            raise UserInputError(
                f"{where}: cue {index + 1} ({cue.kind} at {cue.offset_s:g} s) starts after the segment's "
                f"planned {planned_duration_s:g} s"
            )
