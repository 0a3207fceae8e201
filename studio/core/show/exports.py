"""After the show: replay chapters and the as-run report.

Only what aired is exported. Times are air time (`air_time.AiredTimeline`): from going
on air (Go Live, or the recording's start when nothing streams), with off-air gaps
removed, so they are the times in the recording and the platform's VOD. Whatever
happened off air (rehearsal before Go Live, moves after Stop) stays in the log, marked,
and out of the chapters and reports. Chapters are monotonic, non-negative and end
inside the recording; YouTube chapters shorter than 10 s are merged into a neighbour.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from studio.core.show.air_time import AiredTimeline
from studio.core.show.asrun import load_events
from studio.core.show.rundown import get_show, load_segments
from studio.errors import UserInputError

FORMATS = ("youtube", "webvtt", "json", "csv")
YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_CHAPTER_S = 10.0


@dataclass(frozen=True)
class Chapter:
    start_s: float
    end_s: float
    title: str

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def export_show(
    db: sqlite_utils.Database, show_name: str, fmt: str, *, planned: bool = False, run_id: int | None = None,
    notes: list[str] | None = None,
) -> str:
    """The export as text; `notes` collects what was adjusted (short YouTube chapters merged)."""
    if fmt not in FORMATS:
        raise UserInputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    show = get_show(db, show_name)
    if fmt in ("youtube", "webvtt"):
        if planned:
            chapters = chapters_from_plan(db, show.id)
        else:
            chapters = chapters_from_run(load_events(db, show.id, run_id)[1])
        if not chapters:
            raise UserInputError(f"show {show_name!r}: no segment aired in this run, so there are no chapters "
                                 "(what happened before Go Live or after Stop is not exported)")
        return youtube_chapters(chapters, show_name, notes) if fmt == "youtube" else webvtt_chapters(chapters)
    report = show_report(db, show_name, run_id)
    return json.dumps(report, indent=2) + "\n" if fmt == "json" else report_csv(report)


def chapters_from_plan(db: sqlite_utils.Database, show_id: int) -> list[Chapter]:
    chapters, start_s = [], 0.0
    for segment in load_segments(db, show_id):
        chapters.append(Chapter(start_s, start_s + segment.planned_duration_s, segment.display_title))
        start_s += segment.planned_duration_s
    return chapters


def chapters_from_run(events: list[dict]) -> list[Chapter]:
    return aired_chapters(events)


def aired_chapters(events: list[dict]) -> list[Chapter]:
    """A chapter per segment that aired, in air time; the first starts at 0:00 (a pre-show slate belongs to it)."""
    timeline = AiredTimeline.from_events(events)
    chapters: list[Chapter] = []
    for segment in _aired_segments(events, timeline):
        chapters.append(Chapter(segment["start_s"], segment["start_s"] + segment["actual_s"], segment["title"]))
    if chapters and chapters[0].start_s > 0:
        chapters[0] = Chapter(0.0, chapters[0].end_s, chapters[0].title)
    return chapters


def _end_of_log(events: list[dict]) -> float:
    return max(e["show_time_s"] for e in events)


def _actual_segments(events: list[dict], end_of_run_s: float) -> list[dict]:
    """Segments as run (on air or not), in show time; one cut short by a crash ends at the next start or the last event."""
    segments: list[dict] = []
    for event in events:
        details = event["details"]
        if event["event"] == "segment_start":
            if segments and segments[-1]["end_s"] is None:
                segments[-1]["end_s"] = event["show_time_s"]
            segments.append({**details, "start_s": event["show_time_s"], "end_s": None})
        elif event["event"] == "segment_end" and segments and segments[-1]["end_s"] is None:
            segments[-1]["end_s"] = event["show_time_s"]
    if segments and segments[-1]["end_s"] is None:
        segments[-1]["end_s"] = end_of_run_s
    return segments


def _aired_segments(events: list[dict], timeline: AiredTimeline) -> list[dict]:
    """The segments' on-air parts in air time (`start_s`, `actual_s`); segments that never aired are left out."""
    aired, previous_end_s = [], 0.0
    for segment in _actual_segments(events, _end_of_log(events)):
        start_s = max(timeline.air_time(segment["start_s"]), previous_end_s)
        end_s = max(timeline.air_time(max(segment["end_s"], segment["start_s"])), start_s)
        if end_s - start_s < 0.0005:
            continue
        aired.append({**segment, "start_s": round(start_s, 3), "actual_s": round(end_s - start_s, 3)})
        previous_end_s = end_s
    return aired


def youtube_chapters(chapters: list[Chapter], show_name: str, notes: list[str] | None = None) -> str:
    """YouTube's description lines; chapters under 10 s are merged into the one before (the first: into the next),
    each merge described in `notes`."""
    merges: list[str] = []
    merged = _merge_short(chapters, merges)
    if len(merged) < YOUTUBE_MIN_CHAPTERS:
        raise UserInputError(
            f"show {show_name!r} cannot become YouTube chapters: it has {len(merged)} chapter(s)"
            + (f" once those under {YOUTUBE_MIN_CHAPTER_S:g} s are merged ({'; '.join(merges)})" if merges else "")
            + f"; YouTube needs at least {YOUTUBE_MIN_CHAPTERS} (lengthen segments, or use --format webvtt)"
        )
    if notes is not None:
        notes.extend(merges)
    return "".join(f"{_clock(chapter.start_s)} {chapter.title}\n" for chapter in merged)


def _merge_short(chapters: list[Chapter], notes: list[str]) -> list[Chapter]:
    merged = list(chapters)
    index = 0
    while index < len(merged) and len(merged) > 1:
        chapter = merged[index]
        if chapter.duration_s >= YOUTUBE_MIN_CHAPTER_S:
            index += 1
            continue
        if index > 0:
            into = merged[index - 1]
            merged[index - 1 : index + 1] = [Chapter(into.start_s, chapter.end_s, into.title)]
            index -= 1
        else:
            into = merged[1]
            merged[0:2] = [Chapter(chapter.start_s, into.end_s, into.title)]
        notes.append(f"{chapter.title!r} at {_clock(chapter.start_s)} lasts {chapter.duration_s:.1f} s "
                     f"(YouTube needs {YOUTUBE_MIN_CHAPTER_S:g} s): merged into {into.title!r}")
    return merged


def webvtt_chapters(chapters: list[Chapter]) -> str:
    cues = [
        f"{index}\n{_vtt_time(chapter.start_s)} --> {_vtt_time(chapter.end_s)}\n{chapter.title}\n"
        for index, chapter in enumerate(chapters, start=1)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def show_report(db: sqlite_utils.Database, show_name: str, run_id: int | None = None) -> dict[str, Any]:
    show = get_show(db, show_name)
    run_id, events = load_events(db, show.id, run_id)
    return {"show": show.name, "title": show.title, "run": run_id, **report_from_events(events)}


def report_from_events(events: list[dict]) -> dict[str, Any]:
    """What aired, in air time: segments (planned vs actual), products and their on-air time, and the
    whole log with each entry's `on_air` and `air_time_s`."""
    timeline = AiredTimeline.from_events(events)
    segments = [
        {
            "position": segment.get("position"),
            "title": segment.get("title"),
            "kind": segment.get("kind"),
            "sku": segment.get("sku"),
            "start_s": segment["start_s"],
            "planned_s": segment.get("planned_duration_s"),
            "actual_s": segment["actual_s"],
            "delta_s": round(segment["actual_s"] - (segment.get("planned_duration_s") or 0), 3),
        }
        for segment in _aired_segments(events, timeline)
    ]
    return {
        "started_wall": events[0]["wall_time"],
        "duration_s": round(timeline.duration_s, 3),
        "segments": segments,
        "products": _products_on_air(events, timeline),
        "events": [{**event, "on_air": timeline.on_air_at(event["show_time_s"]),
                    "air_time_s": round(timeline.air_time(event["show_time_s"]), 3)} for event in events],
    }


def _products_on_air(events: list[dict], timeline: AiredTimeline) -> list[dict]:
    """On-air time per SKU (from its take to the next take, a hidden card or the end, off-air time left out)
    and what was shown on air; a product taken only off air is not listed."""
    products: dict[str, dict] = {}
    # (sku, since show time, its take's details); air time leaves off-air gaps out by itself,
    # so a card up across a Stop and a second Go Live counts both periods
    taken: tuple[str, float, dict] | None = None

    def entry(sku: str, details: dict) -> dict:
        return products.setdefault(sku, {"sku": sku, "title": details.get("title"), "on_air_s": 0.0, "shown": []})

    def close(at_s: float) -> None:
        nonlocal taken
        if taken is not None:
            sku, since_s, details = taken
            aired_s = timeline.air_time(max(at_s, since_s)) - timeline.air_time(since_s)
            if aired_s > 0:
                product = entry(sku, details)
                product["on_air_s"] = round(product["on_air_s"] + aired_s, 3)
            taken = None

    for event in events:
        kind, details, at_s = event["event"], event["details"], event["show_time_s"]
        shown_on_air = timeline.on_air_at(at_s)
        if kind == "product_taken" and details.get("sku") is not None:
            close(at_s)
            taken = (details["sku"], at_s, details)
            if shown_on_air:
                entry(details["sku"], details)["shown"].append(_shown(timeline.air_time(at_s), details))
        elif kind in ("price_edited", "stock_edited") and taken and details.get("sku") == taken[0] and shown_on_air:
            entry(taken[0], taken[2])["shown"].append(_shown(timeline.air_time(at_s), details))
        elif kind == "graphic_hidden" and details.get("kind") == "card":
            close(at_s)
    if events:
        close(_end_of_log(events))
    return list(products.values())


def _shown(at_s: float, details: dict) -> dict:
    return {
        "at_s": at_s,
        **{key: details.get(key) for key in ("price", "compare_at_price", "currency", "stock") if key in details},
    }


def report_csv(report: dict[str, Any]) -> str:
    """One table for a spreadsheet: a row per segment, then a row per product."""
    columns = ["row", "position", "title", "kind", "sku", "start_s", "planned_s", "actual_s", "delta_s",
               "on_air_s", "prices_shown", "stock_shown"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for segment in report["segments"]:
        writer.writerow({"row": "segment", **segment})
    for product in report["products"]:
        writer.writerow(
            {
                "row": "product",
                "title": product["title"],
                "sku": product["sku"],
                "on_air_s": product["on_air_s"],
                "prices_shown": " ".join(dict.fromkeys(str(s.get("price")) for s in product["shown"] if "price" in s)),
                "stock_shown": " ".join(dict.fromkeys(str(s.get("stock")) for s in product["shown"] if "stock" in s)),
            }
        )
    return out.getvalue()
