"""Shows and their ordered segments (the run sheet).

Positions are 1..N without gaps; every reorder renumbers inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlite_utils

from studio.core.show.cues import Cue, check_cues_fit, cue_from_json
from studio.core.show.db import transaction
from studio.core.show.migrations import SEGMENT_KINDS
from studio.errors import UserInputError

KINDS_NEEDING_PRODUCT = ("product", "flash_deal")


@dataclass
class Segment:
    kind: str
    planned_duration_s: float
    title: str = ""
    product_handle: str | None = None
    sku: str | None = None
    talking_points: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    position: int = 0
    id: int | None = None
    product_title: str | None = None
    layout: dict | None = None     # the inputs' layout it airs ({"kind", "inputs", ...}); None: as it is

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        label = self.kind.replace("_", " ").capitalize()
        return f"{label}: {self.product_title}" if self.product_title else label


@dataclass(frozen=True)
class Show:
    id: int
    name: str
    title: str
    created_at: str


MAX_SHOW_NAME_CHARS = 80


def check_show_name(name: str) -> str:
    """The name trimmed, or UserInputError saying exactly what is wrong with it."""
    trimmed = name.strip()
    if not trimmed:
        raise UserInputError("a show needs a name (type one, e.g. 'Friday deals')")
    if len(trimmed) > MAX_SHOW_NAME_CHARS:
        raise UserInputError(f"the show name is {len(trimmed)} characters: at most {MAX_SHOW_NAME_CHARS}")
    bad = next((char for char in trimmed if ord(char) < 32 or ord(char) == 127), None)
    if bad is not None:
        raise UserInputError("a show name cannot contain control characters (a tab or a line break)")
    return trimmed


def create_show(db: sqlite_utils.Database, name: str, title: str = "") -> Show:
    name = check_show_name(name)
    with transaction(db):
        if next(db.query("SELECT 1 FROM shows WHERE name = ?", [name]), None):
            raise UserInputError(f"a show named {name!r} already exists: choose another name")
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        show_id = db["shows"].insert({"name": name, "title": title, "created_at": created}).last_pk
    return Show(show_id, name, title, created)


def get_show(db: sqlite_utils.Database, name: str) -> Show:
    row = next(db.query("SELECT * FROM shows WHERE name = ?", [name]), None)
    if row is None:
        raise UserInputError(f"no show named {name!r} (see `studio show list`)")
    return Show(row["id"], row["name"], row["title"], row["created_at"])


def list_shows(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            """SELECT shows.name, shows.title, shows.created_at, COUNT(segments.id) AS segments,
                      COALESCE(SUM(segments.planned_duration_s), 0) AS planned_s
               FROM shows LEFT JOIN segments ON segments.show_id = shows.id
               GROUP BY shows.id ORDER BY shows.name"""
        )
    )


def load_segments(db: sqlite_utils.Database, show_id: int) -> list[Segment]:
    rows = db.query(
        """SELECT segments.*, products.handle AS product_handle, products.title AS product_title
           FROM segments LEFT JOIN products ON products.id = segments.product_id
           WHERE show_id = ? ORDER BY position""",
        [show_id],
    )
    return [
        Segment(
            kind=row["kind"],
            planned_duration_s=row["planned_duration_s"],
            title=row["title"],
            product_handle=row["product_handle"],
            sku=row["sku"],
            talking_points=json.loads(row["talking_points"]),
            cues=[cue_from_json(cue, f"segment {row['position']}") for cue in json.loads(row["cues"])],
            position=row["position"],
            id=row["id"],
            product_title=row["product_title"],
            layout=json.loads(row["layout"]) if row.get("layout") else None,
        )
        for row in rows
    ]


def add_segment(db: sqlite_utils.Database, show_name: str, segment: Segment, position: int | None = None) -> Segment:
    """Insert `segment` at `position` (1-based; default: at the end)."""
    with transaction(db):
        show = get_show(db, show_name)
        count = _count(db, show.id)
        position = count + 1 if position is None else position
        if not 1 <= position <= count + 1:
            raise UserInputError(f"show {show_name!r}: position {position} is outside 1..{count + 1}")
        product_id = _validate(db, segment, f"show {show_name!r} segment at {position}")
        db.execute("UPDATE segments SET position = position + 1 WHERE show_id = ? AND position >= ?", [show.id, position])
        segment.id = db["segments"].insert(
            {
                "show_id": show.id,
                "position": position,
                "kind": segment.kind,
                "title": segment.title,
                "planned_duration_s": segment.planned_duration_s,
                "layout": json.dumps(segment.layout) if segment.layout else None,
                "product_id": product_id,
                "sku": segment.sku,
                "talking_points": json.dumps(segment.talking_points),
                "cues": json.dumps([cue.to_json() for cue in segment.cues]),
            }
        ).last_pk
        segment.position = position
    return segment


def move_segment(db: sqlite_utils.Database, show_name: str, from_position: int, to_position: int) -> None:
    with transaction(db):
        show = get_show(db, show_name)
        ids = [row["id"] for row in db.query("SELECT id FROM segments WHERE show_id = ? ORDER BY position", [show.id])]
        for label, position in (("from", from_position), ("to", to_position)):
            if not 1 <= position <= len(ids):
                raise UserInputError(f"show {show_name!r}: {label} position {position} is outside 1..{len(ids)}")
        ids.insert(to_position - 1, ids.pop(from_position - 1))
        _renumber(db, ids)


MAX_TALKING_POINTS = 50
MAX_TALKING_POINT_CHARS = 500


def set_talking_points(db: sqlite_utils.Database, show_name: str, position: int, points: list[str]) -> None:
    """Replaces the talking points of the segment at `position` (1-based); blank points are dropped."""
    cleaned = [point.strip() for point in points if point.strip()]
    if len(cleaned) > MAX_TALKING_POINTS:
        raise UserInputError(f"show {show_name!r} segment {position}: {len(cleaned)} talking points, "
                             f"at most {MAX_TALKING_POINTS}")
    for number, point in enumerate(cleaned, 1):
        if len(point) > MAX_TALKING_POINT_CHARS:
            raise UserInputError(f"show {show_name!r} segment {position}: talking point {number} is "
                                 f"{len(point)} characters, at most {MAX_TALKING_POINT_CHARS}")
    with transaction(db):
        show = get_show(db, show_name)
        count = _count(db, show.id)
        if not 1 <= position <= count:
            raise UserInputError(f"show {show_name!r}: segment {position} is outside 1..{count}")
        db.execute("UPDATE segments SET talking_points = ? WHERE show_id = ? AND position = ?",
                   [json.dumps(cleaned), show.id, position])


def set_segment_duration(db: sqlite_utils.Database, show_name: str, position: int, duration_s: float) -> None:
    """The planned length of the segment at `position` (1-based); its cues must still fit in it."""
    with transaction(db):
        show = get_show(db, show_name)
        segment = next((s for s in load_segments(db, show.id) if s.position == position), None)
        if segment is None:
            raise UserInputError(f"show {show_name!r}: segment {position} is outside 1..{_count(db, show.id)}")
        where = f"show {show_name!r} segment {position}"
        if not 0 < duration_s <= 24 * 3600:
            raise UserInputError(f"{where}: planned duration must be more than 0 s and at most 24 h")
        check_cues_fit(segment.cues, duration_s, where)
        db.execute("UPDATE segments SET planned_duration_s = ? WHERE id = ?", [duration_s, segment.id])


def remove_segment(db: sqlite_utils.Database, show_name: str, position: int) -> None:
    with transaction(db):
        show = get_show(db, show_name)
        ids = [row["id"] for row in db.query("SELECT id FROM segments WHERE show_id = ? ORDER BY position", [show.id])]
        if not 1 <= position <= len(ids):
            raise UserInputError(f"show {show_name!r}: position {position} is outside 1..{len(ids)}")
        db.execute("DELETE FROM segments WHERE id = ?", [ids.pop(position - 1)])
        _renumber(db, ids)


def duplicate_show(db: sqlite_utils.Database, source_name: str, new_name: str, title: str | None = None) -> Show:
    """A new show with a copy of `source_name`'s rundown (a template); no as-run is copied."""
    with transaction(db):
        source = get_show(db, source_name)
        show = create_show(db, new_name, source.title if title is None else title)
        db.execute(
            """INSERT INTO segments (show_id, position, kind, title, planned_duration_s, product_id, sku,
                                     talking_points, cues, layout)
               SELECT ?, position, kind, title, planned_duration_s, product_id, sku, talking_points, cues, layout
               FROM segments WHERE show_id = ? ORDER BY position""",
            [show.id, source.id],
        )
    return show


def _count(db: sqlite_utils.Database, show_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM segments WHERE show_id = ?", [show_id]).fetchone()[0]


def _renumber(db: sqlite_utils.Database, ids: list[int]) -> None:
    for position, segment_id in enumerate(ids, start=1):
        db.execute("UPDATE segments SET position = ? WHERE id = ?", [position, segment_id])


def _validate(db: sqlite_utils.Database, segment: Segment, where: str) -> int | None:
    """Checks the segment against the catalog; returns its product id."""
    if segment.kind not in SEGMENT_KINDS:
        raise UserInputError(f"{where}: kind {segment.kind!r} is not one of {', '.join(SEGMENT_KINDS)}")
    if not 0 < segment.planned_duration_s <= 24 * 3600:
        raise UserInputError(f"{where}: planned duration must be more than 0 s and at most 24 h")
    product_id = None
    if segment.sku:
        row = next(db.query("SELECT product_id FROM variants WHERE sku = ?", [segment.sku]), None)
        if row is None:
            raise UserInputError(f"{where}: no variant with SKU {segment.sku!r} in the catalog")
        product_id = row["product_id"]
    if segment.product_handle:
        row = next(db.query("SELECT id FROM products WHERE handle = ?", [segment.product_handle]), None)
        if row is None:
            raise UserInputError(f"{where}: no product with handle {segment.product_handle!r} in the catalog")
        if product_id is not None and product_id != row["id"]:
            raise UserInputError(f"{where}: SKU {segment.sku!r} is not a variant of {segment.product_handle!r}")
        product_id = row["id"]
        if segment.sku is None:
            # Taking a product means taking one variant: the first, unless told otherwise.
            first = next(db.query("SELECT sku FROM variants WHERE product_id = ? ORDER BY position LIMIT 1", [product_id]))
            segment.sku = first["sku"]
    if segment.kind in KINDS_NEEDING_PRODUCT and product_id is None:
        raise UserInputError(f"{where}: a {segment.kind} segment needs a product (--sku or --product)")
    check_cues_fit(segment.cues, segment.planned_duration_s, where)
    for cue in segment.cues:
        if cue.kind == "card" and cue.action == "show":
            sku = cue.params.get("sku") or segment.sku
            if not sku:
                raise UserInputError(f"{where}: a card cue needs the segment's product or a params.sku")
            if not next(db.query("SELECT 1 FROM variants WHERE sku = ?", [sku]), None):
                raise UserInputError(f"{where}: card cue SKU {sku!r} is not in the catalog")
    return product_id
