"""After the show: replay chapters and the as-run report.

Chapter times are measured from going live (the start of the recording or the
platform's VOD); without a go_live event, from the first segment's start.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

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
    db: sqlite_utils.Database, show_name: str, fmt: str, *, planned: bool = False, run_id: int | None = None
) -> str:
    if fmt not in FORMATS:
        raise UserInputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    show = get_show(db, show_name)
    if fmt in ("youtube", "webvtt"):
        if planned:
            chapters = chapters_from_plan(db, show.id)
        else:
            chapters = chapters_from_run(load_events(db, show.id, run_id)[1])
        if not chapters:
            raise UserInputError(f"show {show_name!r}: no segment started in this run, so there are no chapters")
        return youtube_chapters(chapters, show_name) if fmt == "youtube" else webvtt_chapters(chapters)
    report = show_report(db, show_name, run_id)
    return json.dumps(report, indent=2) + "\n" if fmt == "json" else report_csv(report)


def chapters_from_plan(db: sqlite_utils.Database, show_id: int) -> list[Chapter]:
    chapters, start_s = [], 0.0
    for segment in load_segments(db, show_id):
        chapters.append(Chapter(start_s, start_s + segment.planned_duration_s, segment.display_title))
        start_s += segment.planned_duration_s
    return chapters


def chapters_from_run(events: list[dict]) -> list[Chapter]:
    origin_s = next((e["show_time_s"] for e in events if e["event"] == "go_live"), None)
    starts = [e for e in events if e["event"] == "segment_start"]
    if origin_s is None and starts:
        origin_s = starts[0]["show_time_s"]
    end_of_run_s = _end_of_run(events)
    chapters = []
    for segment in _actual_segments(events, end_of_run_s):
        chapters.append(Chapter(max(segment["start_s"] - origin_s, 0.0), segment["end_s"] - origin_s, segment["title"]))
    if chapters and chapters[0].start_s > 0:
        # Whatever preceded the first segment (a pre-show slate) belongs to it: YouTube starts at 0:00.
        chapters[0] = Chapter(0.0, chapters[0].end_s, chapters[0].title)
    return chapters


def _end_of_run(events: list[dict]) -> float:
    stop = next((e["show_time_s"] for e in events if e["event"] == "stop"), None)
    return stop if stop is not None else max(e["show_time_s"] for e in events)


def _actual_segments(events: list[dict], end_of_run_s: float) -> list[dict]:
    """Segments as run; one cut short by a crash ends at the next start or the last event."""
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


def youtube_chapters(chapters: list[Chapter], show_name: str) -> str:
    problems = []
    if len(chapters) < YOUTUBE_MIN_CHAPTERS:
        problems.append(f"it has {len(chapters)} chapter(s); YouTube needs at least {YOUTUBE_MIN_CHAPTERS}")
    for chapter in chapters:
        if chapter.duration_s < YOUTUBE_MIN_CHAPTER_S:
            problems.append(
                f"chapter {chapter.title!r} at {_clock(chapter.start_s)} lasts {chapter.duration_s:.1f} s; "
                f"YouTube needs at least {YOUTUBE_MIN_CHAPTER_S:g} s"
            )
    if problems:
        raise UserInputError(
            f"show {show_name!r} cannot become YouTube chapters: " + "; ".join(problems)
            + " (merge or lengthen segments, or use --format webvtt)"
        )
    return "".join(f"{_clock(chapter.start_s)} {chapter.title}\n" for chapter in chapters)


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
    end_of_run_s = _end_of_run(events)
    segments = []
    for segment in _actual_segments(events, end_of_run_s):
        actual_s = round(segment["end_s"] - segment["start_s"], 3)
        segments.append(
            {
                "position": segment.get("position"),
                "title": segment.get("title"),
                "kind": segment.get("kind"),
                "sku": segment.get("sku"),
                "start_s": segment["start_s"],
                "planned_s": segment.get("planned_duration_s"),
                "actual_s": actual_s,
                "delta_s": round(actual_s - (segment.get("planned_duration_s") or 0), 3),
            }
        )
    return {
        "show": show.name,
        "title": show.title,
        "run": run_id,
        "started_wall": events[0]["wall_time"],
        "duration_s": round(end_of_run_s - events[0]["show_time_s"], 3),
        "segments": segments,
        "products": _products_on_air(events, end_of_run_s),
        "events": events,
    }


def _products_on_air(events: list[dict], end_of_run_s: float) -> list[dict]:
    """On-air time per SKU (from its take to the next take, a hidden card or the end) and what was shown."""
    products: dict[str, dict] = {}
    on_air: tuple[str, float] | None = None

    def close(at_s: float) -> None:
        nonlocal on_air
        if on_air is not None:
            products[on_air[0]]["on_air_s"] = round(products[on_air[0]]["on_air_s"] + at_s - on_air[1], 3)
            on_air = None

    for event in events:
        kind, details, at_s = event["event"], event["details"], event["show_time_s"]
        if kind == "product_taken":
            close(at_s)
            sku = details["sku"]
            entry = products.setdefault(sku, {"sku": sku, "title": details.get("title"), "on_air_s": 0.0, "shown": []})
            entry["shown"].append(_shown(at_s, details))
            on_air = (sku, at_s)
        elif kind in ("price_edited", "stock_edited") and on_air and details.get("sku") == on_air[0]:
            products[on_air[0]]["shown"].append(_shown(at_s, details))
        elif (kind == "graphic_hidden" and details.get("kind") == "card") or kind == "stop":
            close(at_s)
    close(end_of_run_s)
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
