"""A rundown as a JSON file, to share a show plan or keep templates in git.

    {"format": "studio-rundown", "version": 1,
     "show": {"name": "friday-deals", "title": "Friday Deals"},
     "segments": [{"kind": "product", "title": "", "planned_duration_s": 120,
                   "product": "tv-55-4k", "sku": "TV-55-4K", "talking_points": [...],
                   "cues": [{"kind": "card", "offset_s": 0}]}]}
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from studio.core.inputs.layout import layout_from_dict
from studio.core.show.cues import cue_from_json, parse_duration
from studio.core.show.db import transaction
from studio.core.show.importers.typed_json import Fields, JsonReadError, load_json, objects
from studio.core.show.records import RowChecker, RowProblem
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
                **({"layout": segment.layout} if segment.layout else {}),
            }
            for segment in load_segments(db, show.id)
        ],
    }


def import_rundown(
    db: sqlite_utils.Database, text: str, source: str, name: str | None = None, replace: bool = False
) -> tuple[str, int]:
    """Create (or, with `replace`, overwrite the rundown of) a show; returns (name, segment count)."""
    try:
        document = load_json(text)
    except JsonReadError as error:
        where = f"line {error.problem.line}: " if error.problem.line else ""
        raise UserInputError(f"{source}: {where}{error.problem.reason}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserInputError(f'{source}: not a rundown file (expected "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise UserInputError(f"{source}: rundown version {document.get('version')!r}; this studio reads {VERSION}")
    problems: list[RowProblem] = []
    check = RowChecker(problems, None)
    top = Fields(document, "", check)
    show_info = top.get("show")
    if show_info is not None and not isinstance(show_info, dict):
        top.wrong("show", "an object")
        show_info = {}
    show = Fields(show_info or {}, "show", check)
    name = name or show.text("name")
    title = show.text("title")
    _raise_first(source, problems)
    if not name:
        raise UserInputError(f"{source}: show.name is missing; pass --name")
    raw_segments = document.get("segments")
    if not isinstance(raw_segments, list):
        raise UserInputError(f"{source}: segments must be a list")
    segments = []
    for where, raw in objects(raw_segments, "segments", check):
        segment = _segment(raw)
        _raise_first(source, problems)
        segments.append(segment)
    _raise_first(source, problems)
    with transaction(db):
        existing = next(db.query("SELECT id FROM shows WHERE name = ?", [name]), None)
        if existing and not replace:
            raise UserInputError(f"{source}: a show named {name!r} already exists (use --replace or --name)")
        if existing:
            db.execute("DELETE FROM segments WHERE show_id = ?", [existing["id"]])
        else:
            create_show(db, name, title)
        for index, segment in enumerate(segments):
            try:
                add_segment(db, name, segment)
            except UserInputError as error:
                raise UserInputError(f"{source}: segments[{index}]: {error}") from None
    return name, len(segments)


def _raise_first(source: str, problems: list[RowProblem]) -> None:
    if problems:
        problem = problems[0]
        raise UserInputError(f"{source}: {problem.column}: {problem.reason}")


def _segment(raw: Fields) -> Segment:
    where = raw.where
    cues = raw.objects("cues")
    talking_points = raw.strings("talking_points") or []
    kind, title, product, sku = (raw.text(key) for key in ("kind", "title", "product", "sku"))
    for _, cue in cues:
        cue.text("kind")  # a cue's kind must be text before the registry looks it up
    if raw.check.problems:
        return None  # type: ignore[return-value]  # the caller raises the first problem
    if "planned_duration_s" not in raw.item:
        raise UserInputError(f"{where}.planned_duration_s is required")
    return Segment(
        kind=kind,
        planned_duration_s=parse_duration(raw.get("planned_duration_s"), f"{where}.planned_duration_s"),
        title=title,
        product_handle=product or None,
        sku=sku or None,
        talking_points=talking_points,
        cues=[cue_from_json(cue.item, path) for path, cue in cues],
        layout=layout_from_dict(raw.item["layout"], f"{where}.layout").as_dict() if raw.item.get("layout") else None,
    )
