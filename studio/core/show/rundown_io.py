"""A rundown as a JSON file, to share a show plan or keep templates in git.

    {"format": "studio-rundown", "version": 1,
     "show": {"name": "friday-deals", "title": "Friday Deals"},
     "segments": [{"kind": "product", "title": "", "planned_duration_s": 120,
                   "product": "tv-55-4k", "sku": "TV-55-4K", "talking_points": [...],
                   "cues": [{"kind": "card", "offset_s": 0}]}]}
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from studio.core.show.cues import cue_from_json, parse_duration
from studio.core.show.db import transaction
from studio.core.show.rundown import Segment, add_segment, create_show, get_show, load_segments
from studio.errors import UserInputError

FORMAT = "studio-rundown"
VERSION = 1


def export_rundown(db: sqlite_utils.Database, show_name: str) -> dict[str, Any]:
    show = get_show(db, show_name)
    return {
        "format": FORMAT,
        "version": VERSION,
        "show": {"name": show.name, "title": show.title},
        "segments": [
            {
                "kind": segment.kind,
                "title": segment.title,
                "planned_duration_s": segment.planned_duration_s,
                "product": segment.product_handle,
                "sku": segment.sku,
                "talking_points": segment.talking_points,
                "cues": [cue.to_json() for cue in segment.cues],
            }
            for segment in load_segments(db, show.id)
        ],
    }


def import_rundown(
    db: sqlite_utils.Database, text: str, source: str, name: str | None = None, replace: bool = False
) -> tuple[str, int]:
    """Create (or, with `replace`, overwrite the rundown of) a show; returns (name, segment count)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserInputError(f"{source}: line {error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserInputError(f'{source}: not a rundown file (expected "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise UserInputError(f"{source}: rundown version {document.get('version')!r}; this studio reads {VERSION}")
    show_info = document.get("show") or {}
    name = name or show_info.get("name")
    if not name:
        raise UserInputError(f"{source}: show.name is missing; pass --name")
    raw_segments = document.get("segments")
    if not isinstance(raw_segments, list):
        raise UserInputError(f"{source}: segments must be a list")
    segments = [_segment(raw, f"{source}: segments[{index}]") for index, raw in enumerate(raw_segments)]
    with transaction(db):
        existing = next(db.query("SELECT id FROM shows WHERE name = ?", [name]), None)
        if existing and not replace:
            raise UserInputError(f"{source}: a show named {name!r} already exists (use --replace or --name)")
        if existing:
            db.execute("DELETE FROM segments WHERE show_id = ?", [existing["id"]])
        else:
            create_show(db, name, str(show_info.get("title") or ""))
        for index, segment in enumerate(segments):
            try:
                add_segment(db, name, segment)
            except UserInputError as error:
                raise UserInputError(f"{source}: segments[{index}]: {error}") from None
    return name, len(segments)


def _segment(raw: Any, where: str) -> Segment:
    if not isinstance(raw, dict):
        raise UserInputError(f"{where}: expected an object")
    cues = raw.get("cues") or []
    talking_points = raw.get("talking_points") or []
    if not isinstance(cues, list):
        raise UserInputError(f"{where}.cues: expected a list")
    if not isinstance(talking_points, list) or not all(isinstance(point, str) for point in talking_points):
        raise UserInputError(f"{where}.talking_points: expected a list of text")
    if "planned_duration_s" not in raw:
        raise UserInputError(f"{where}.planned_duration_s is required")
    return Segment(
        kind=str(raw.get("kind")),
        planned_duration_s=parse_duration(raw["planned_duration_s"], f"{where}.planned_duration_s"),
        title=str(raw.get("title") or ""),
        product_handle=raw.get("product") or None,
        sku=raw.get("sku") or None,
        talking_points=talking_points,
        cues=[cue_from_json(cue, f"{where}.cues[{index}]") for index, cue in enumerate(cues)],
    )
