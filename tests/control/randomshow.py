"""The randomised show (issue 22 item 7): drive a live engine, read its recording back, compare every frame.

`run_show(engine, seed, duration_s)` drives a real `studio engine` (640x360, recording, live to
nginx-rtmp) through a seeded random sequence of commands and returns what it sent and what
`GetShowState` said after each; `check_show(...)` builds the model's expected state for every program
frame from those commands (their answers and the as-run log give the frames), checks the as-run log and
the snapshots against it, reads every recorded frame (`randomshow_reader.py`: the product from the card's
QR code, the price from the card, the countdown's face) and lists every frame where picture and model
disagree.

Frames are engine frames: a recording starts at the frame the as-run's `on_air` names (the first
keyframe sent), and its n-th frame is that frame + n (docs/show-data.md). During a Fade each frame must be
the blend the model expects (t = k/N of the way from the frame before the take); the 9 frames of a
countdown (or callout) animating out or in are not read.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import av
import numpy as np

from studio.core.graphics.animation import TRANSITION_S
from studio.core.graphics.countdown_clock import ENDED_HOLD_S
from studio.core.graphics.countdown_clock import countdown_seconds_shown
from studio.core.graphics.model import card_for_show
from studio.core.show.asrun import load_events
from studio.core.show.catalog import find_variant
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from studio.core.show_graphics import product_view
from tests.control.randomshow_reader import FPS, SHOW, Card, H, PictureReader, W  # noqa: F401 (W, H: the size)

SKUS = ("TV-55-4K", "HP-NC-BLK", "KET-STEEL")
SEGMENT_SKUS = {1: "TV-55-4K", 2: "HP-NC-BLK"}          # the friday show's product segments
PRICES = ("19.99", "49.90", "129.00", "179.99", "249.00", "1299.00")
COMPARE_AT = "1999.00"    # above every price: the catalog refuses a compare-at price at or below the price
STOCKS = (0, 3, 37, 120)
TITLES = ("Studio Special", "Limited Edition")   # and each product's own: there is no request for a title edit
FADE_MS = (300, 500, 1000)
LEAVE_FRAMES = round(TRANSITION_S * FPS)


@dataclass
class Sent:
    """One command as sent: what, its answer, the program frame before and after it, and the product on air
    (`GetShowState`'s `program`: sku and price) at that second frame."""

    op: str
    args: dict
    answer: object
    frame_before: int
    frame_after: int
    program_after: tuple[str, str] | None = None


@dataclass
class ShowRun:
    seed: int
    sent: list[Sent] = field(default_factory=list)
    recordings: list[Path] = field(default_factory=list)


# -- driving the engine ------------------------------------------------------------------------------------

CYCLE_S = 60.0   # the air phases repeat every minute of a long show
# (fraction of a cycle, request): live + recording, recording only, off air (moves that never air), recording, live
PHASES = ((0.3, "StopStream"), (0.45, "StopRecord"), (0.55, "StartRecord"), (0.75, "StartStream"))


def run_show(engine, seed: int, duration_s: float, aspects: tuple[str, ...] = ()) -> ShowRun:
    """Random commands for `duration_s` of show on a live, recording engine (started with `--live`, `--to`).
    `aspects`: "callout" (a price callout over the card while its price is edited), "cue" (CueNextSegment and
    CuePreviousSegment, which put a segment in Preview), each done once right after the first take, then at random."""
    rng = random.Random(seed)
    run = ShowRun(seed)
    titles = {sku: catalog_cards(engine.db_path).cards[sku].title for sku in SKUS}
    with engine.client() as client:
        def frame() -> int:
            return client.vendor("GetShowState")["frame"]

        def send(op: str, args: dict, call) -> object:
            before = frame()
            answer = call()
            after = client.vendor("GetShowState")
            program = after["program"] and (after["program"]["sku"], after["program"]["price"])
            run.sent.append(Sent(op, args, answer, before, after["frame"], program))
            return answer

        def vendor(op, args=None):
            return send(op, args or {}, lambda: client.vendor(op, args or {}))

        def obs(op, args=None):
            return send(op, args or {}, lambda: client.request(op, args or {}))

        state = {"countdown": False, "lower_third": False, "callout": False, "card": None}
        cycle_s = min(CYCLE_S, duration_s)
        started = time.monotonic()
        done_phases = 0
        owed = list(aspects)     # each aspect once, right after the first take
        while (elapsed := time.monotonic() - started) < duration_s:
            cycle, at = divmod(elapsed, cycle_s)
            due = int(cycle) * len(PHASES) + sum(at >= fraction * cycle_s for fraction, _ in PHASES)
            while done_phases < due:
                step = PHASES[done_phases % len(PHASES)][1]
                answer = obs(step)
                if step == "StopRecord":
                    run.recordings.append(Path(answer["outputPath"]))
                done_phases += 1
            roll = rng.random()
            sku = rng.choice(SKUS)
            if state["card"] and owed:
                aspect = owed.pop(0)
            else:
                aspect = rng.choice(aspects) if aspects and roll >= 0.85 else None
                roll = roll / 0.85 if aspects else roll
            if aspect == "callout" and state["card"]:
                if state["callout"]:
                    vendor("HideGraphic", {"kind": "callout"})
                else:
                    vendor("ShowGraphic", {"kind": "callout", "params": {"text": "Now"}})
                    time.sleep(rng.uniform(0.4, 1.0))
                    on_air = client.vendor("GetShowState")["program"]["price"]
                    price = rng.choice([p for p in PRICES if Decimal(p) != Decimal(on_air)])
                    vendor("SetPrice", {"sku": state["card"], "price": price, "compare_at": COMPARE_AT})
                    state[state["card"]] = price
                state["callout"] = not state["callout"]
            elif aspect == "cue" and not state["callout"]:
                # a product no segment shows is on air, then a neighbouring product segment is cued: were it
                # taken instead, the card would change
                vendor("TakeProduct", {"sku": "KET-STEEL"})
                state["card"] = "KET-STEEL"
                time.sleep(rng.uniform(0.2, 0.6))
                index = client.vendor("GetShowState")["segment_index"]
                vendor("CuePreviousSegment" if index >= 2 else "CueNextSegment")
            elif aspect:
                pass
            elif roll < 0.35:
                if state["callout"]:   # the callout shows the product on air: it leaves before another is taken
                    vendor("HideGraphic", {"kind": "callout"})
                    state["callout"] = False
                transition = rng.choice(("Cut", "Fade"))
                obs("SetCurrentSceneTransition", {"transitionName": transition})
                if transition == "Fade":
                    obs("SetCurrentSceneTransitionDuration", {"transitionDuration": rng.choice(FADE_MS)})
                how = rng.random()
                if how < 0.5:
                    vendor("TakeProduct", {"sku": sku})
                elif how < 0.85:
                    vendor("PreviewProduct", {"sku": sku})
                    time.sleep(rng.uniform(0.0, 0.3))
                    obs("TriggerStudioModeTransition")
                else:
                    index = rng.choice(sorted(SEGMENT_SKUS))
                    vendor("JumpToSegment", {"index": index})
                    sku = SEGMENT_SKUS[index]
                state["card"] = sku
            elif roll < 0.55:
                price = rng.choice(PRICES)
                vendor("SetPrice", {"sku": sku, "price": price, "compare_at": COMPARE_AT})
                state[sku] = price
            elif roll < 0.62:
                vendor("SetStock", {"sku": sku, "stock": rng.choice(STOCKS)})
            elif roll < 0.66:
                title = rng.choice(TITLES + (titles[sku],))
                send("EditTitle", {"sku": sku, "title": title}, lambda: set_title(engine.db_path, sku, title))
            elif roll < 0.8:
                if state["countdown"] and rng.random() < 0.5:
                    vendor("CancelCountdown")
                    state["countdown"] = False
                else:
                    vendor("StartCountdown", {"duration_s": rng.randint(2, 12)})
                    state["countdown"] = True
            else:
                if state["lower_third"]:
                    vendor("HideGraphic", {"kind": "lower_third"})
                else:
                    vendor("ShowGraphic", {"kind": "lower_third", "params": {"name": f"Guest {rng.randint(1, 99)}"}})
                state["lower_third"] = not state["lower_third"]
            time.sleep(rng.uniform(0.2, 1.2))
        show = client.vendor("GetShowState")
        if show["recording"]:
            run.recordings.append(Path(show["recording_path"]))
        if show["live"]:
            obs("StopStream")
        if show["recording"]:
            obs("StopRecord")
    return run


def set_title(db_path: Path, sku: str, title: str) -> dict:
    """A catalog edit from another process (as the window or an import makes one): the engine sees the commit."""
    with sqlite3.connect(db_path, timeout=10) as db:
        db.execute("UPDATE products SET title = ? WHERE id = (SELECT product_id FROM variants WHERE sku = ?)",
                   (title, sku))
    db.close()
    return {"sku": sku, "title": title}


# -- the model ----------------------------------------------------------------------------------------------



@dataclass
class Expected:
    """What frame N should show: the card (or None), the countdown's face (seconds, "ended", None), the
    callout's price (or None); `fade` (t, the outgoing frame) while a Fade dissolves; `countdown_leaving` and
    `callout_moving` while those animate in or out (checked only for showing no other value)."""

    card: Card | None
    countdown: object
    callout: str | None = None
    card_before: Card | None = None   # also right on this frame: a title edit (the as-run logs none) is on its way
    fade: tuple | None = None
    countdown_leaving: bool = False
    callout_moving: bool = False


def frame_of(show_time_s: float) -> int:
    return round(show_time_s * FPS)


def asrun(db_path: Path) -> list[dict]:
    db = open_database(db_path)
    try:
        return load_events(db, get_show(db, SHOW).id)[1]
    finally:
        db.close()


def build_model(run: ShowRun, events: list[dict], catalog: dict[str, Card],
                last_frame: int) -> tuple[dict[int, Expected], list[str]]:
    """The expected state of every frame 0..last_frame, from the commands sent and the frames they aired on,
    and where the as-run log disagrees with the commands (an entry missing, unexplained or different)."""
    changes: list[tuple[int, int, str, dict]] = []      # (frame, order, what, details)
    problems: list[str] = []
    taken = {(e["details"]["frame"], e["details"]["sku"]) for e in events
             if e["event"] == "product_taken" and e["details"].get("by") == "control"}
    takes = iter([e for e in events if e["event"] == "product_taken" and e["details"].get("by") == "take"])
    jumps = [frame_of(e["show_time_s"]) for e in events if e["event"] == "segment_start"]
    callouts = [frame_of(e["show_time_s"]) for e in events if e["event"] in ("graphic_shown", "graphic_hidden")
                and e["details"].get("kind") == "callout"]
    edits = {"price": [e for e in events if e["event"] == "price_edited"],
             "stock": [e for e in events if e["event"] == "stock_edited"]}
    countdowns = iter([e for e in events if e["event"] == "countdown_start"])
    ends = [frame_of(e["show_time_s"]) for e in events if e["event"] == "countdown_end" and e["details"].get("interrupted")]
    transition = ["Cut", 300]
    cards = dict(catalog)
    on_card: str | None = None
    preview: str | None = None
    for order, sent in enumerate(run.sent):
        if sent.op == "PreviewProduct":
            preview = sent.args["sku"]
        elif sent.op == "SetCurrentSceneTransition":
            transition[0] = sent.args["transitionName"]
        elif sent.op == "SetCurrentSceneTransitionDuration":
            transition[1] = sent.args["transitionDuration"]
        elif sent.op in ("TakeProduct", "TriggerStudioModeTransition", "JumpToSegment"):
            if sent.op == "TakeProduct":
                sku, at = sent.args["sku"], sent.answer["frame"]
                if (at, sku) not in taken:
                    problems.append(f"as-run: no product_taken {sku} at frame {at}, the frame TakeProduct answered")
            elif sent.op == "TriggerStudioModeTransition":
                entry = next(takes)["details"]
                sku, at = preview, entry["frame"]
                if entry["sku"] != preview:
                    problems.append(f"as-run: the take at frame {at} aired {entry['sku']}, Preview held {preview}")
            else:
                sku, at = SEGMENT_SKUS[sent.args["index"]], _during(jumps, sent)
            changes.append((at, order, "take", {"sku": sku, "transition": tuple(transition)}))
            on_card = sku
        elif sent.op == "EditTitle":
            sku = sent.args["sku"]
            if cards[sku].title != sent.args["title"]:
                cards[sku] = Card(**{**cards[sku].__dict__, "title": sent.args["title"]})
                # on the card from the first frame after the commit: between the frames around it
                changes.append((sent.frame_before, order, "edit", {"sku": sku, "title": sent.args["title"],
                                                                   "until": sent.frame_after + 1}))
        elif sent.op in ("SetPrice", "SetStock"):
            field_name = "price" if sent.op == "SetPrice" else "stock"
            sku = sent.args["sku"]
            if field_name == "price":
                values = {"price": str(Decimal(sent.answer["price"])), "compare_at": str(Decimal(sent.answer["compare_at"]))}
            else:
                values = {"stock": sent.answer["stock"]}
            if all(getattr(cards[sku], k) == v for k, v in values.items()):
                continue
            cards[sku] = Card(**{**cards[sku].__dict__, **values})
            if sku == on_card:   # the as-run names the frame it reached the card on air
                entry = next(e for e in edits[field_name]
                             if e["details"]["sku"] == sku and frame_of(e["show_time_s"]) >= sent.frame_before)
                edits[field_name].remove(entry)
                at = frame_of(entry["show_time_s"])
                logged = entry["details"][field_name]
                if (Decimal(str(logged)) if field_name == "price" else logged) != (
                        Decimal(values["price"]) if field_name == "price" else values["stock"]):
                    problems.append(f"as-run: {entry['event']} at frame {at} logs {logged}, {sent.op} set {values}")
            else:
                at = sent.frame_before   # off the card: in the catalog before anything can take it
            changes.append((at, order, "edit", {"sku": sku, **values}))
        elif sent.op == "StartCountdown":
            at = next(countdowns)["details"]["frame"]
            ends_at = at / FPS + sent.args["duration_s"]   # the answer's `ends_at_s` is this, rounded to 1 ms
            assert abs(ends_at - sent.answer["ends_at_s"]) < 0.001, (sent, at)
            changes.append((at, order, "countdown", {"ends_at_s": ends_at}))
        elif sent.op == "CancelCountdown":
            try:
                changes.append((_during(ends, sent), order, "cancel", {}))
            except StopIteration:
                # Nothing ran any more (its time was up, a take of another product or a new countdown ended
                # it): the countdown has one owner, which logs each end once. The frames still show whether
                # the picture agrees.
                pass
        elif sent.op in ("ShowGraphic", "HideGraphic") and sent.args["kind"] == "callout":
            changes.append((_during(callouts, sent), order, "callout", {"shown": sent.op == "ShowGraphic"}))
    changes.sort()
    problems += [f"as-run: {e['event']} {e['details']} at frame {frame_of(e['show_time_s'])}: no edit sent explains it"
                 for left in edits.values() for e in left]

    expected: dict[int, Expected] = {}
    cards = dict(catalog)
    card: str | None = None
    countdown = None              # (ends_at_s, sku at its start)
    leaving_until = -1
    callout, callout_moving_until = False, -1
    fade = None                   # (take frame, frames)
    title_window = (None, -1)     # (the card before a title edit, the first frame it must have reached)
    pending = list(changes)
    for f in range(last_frame + 1):
        while pending and pending[0][0] <= f:
            _, _, what, details = pending.pop(0)
            if what == "take":
                if countdown is not None and countdown[1] != details["sku"]:
                    countdown, leaving_until = None, f + LEAVE_FRAMES
                card = details["sku"]
                name, duration_ms = details["transition"]
                n = round(duration_ms * FPS / 1000)
                fade = (f, n) if name == "Fade" and n > 1 else None
            elif what == "edit":
                if "until" in details:
                    title_window = (cards[details["sku"]], details["until"])
                cards[details["sku"]] = Card(**{**cards[details["sku"]].__dict__,
                                                **{k: v for k, v in details.items() if k not in ("sku", "until")}})
            elif what == "countdown":
                countdown, leaving_until = (details["ends_at_s"], card), -1
            elif what == "cancel" and countdown is not None:
                countdown, leaving_until = None, f + LEAVE_FRAMES
            elif what == "callout":
                callout, callout_moving_until = details["shown"], f + LEAVE_FRAMES
        t = f / FPS
        face = None
        if countdown is not None:
            seconds = countdown_seconds_shown(countdown[0] - t)
            face = seconds if seconds > 0 else "ended"
            if t >= countdown[0] + ENDED_HOLD_S:     # "Deal ended" read, then it leaves
                countdown, leaving_until, face = None, f + LEAVE_FRAMES, None
        blend = None
        if fade is not None:
            k = f - fade[0] + 1
            if k < fade[1]:
                blend = (k / fade[1], fade[0] - 1)
            else:
                fade = None
        shown = cards[card] if card else None
        before = title_window[0] if f < title_window[1] and shown and title_window[0].sku == shown.sku else None
        expected[f] = Expected(shown, face, shown.price if callout and shown else None, before, blend,
                               countdown_leaving=f < leaving_until, callout_moving=f < callout_moving_until)
    for sent in run.sent:   # what GetShowState said is what the model has on the card at that frame
        want = expected.get(sent.frame_after)
        if want is not None and (want.card and (want.card.sku, Decimal(want.card.price))) != (
                sent.program_after and (sent.program_after[0], Decimal(sent.program_after[1]))):
            problems.append(f"GetShowState at frame {sent.frame_after} (after {sent.op}): program "
                            f"{sent.program_after}, the model's card {want.card}")
    return expected, problems


@dataclass
class ShowCatalog:
    """The show's products before the first edit: each as a card, the QR code's URL -> SKU, the snapshots."""

    cards: dict[str, Card]
    qr_urls: dict[str, str]
    snapshots: dict[str, object]


def _during(frames: list[int], sent: Sent) -> int:
    """The as-run's frame for what `sent` did: the first entry between its sending and its answer
    (commands go one at a time; the entry is taken, so each is used once)."""
    at = next(f for f in frames if sent.frame_before <= f <= sent.frame_after + 1)
    frames.remove(at)
    return at


def catalog_cards(db_path: Path) -> ShowCatalog:
    """Read before the show starts (and while the fixture's image cache exists)."""
    db = open_database(db_path)
    try:
        cards, urls, snapshots = {}, {}, {}
        for sku in SKUS:
            snapshot = snapshots[sku] = find_variant(db, sku)
            compare_at = None if snapshot.compare_at_price is None else str(snapshot.compare_at_price)
            cards[sku] = Card(sku, str(snapshot.price), compare_at, snapshot.stock, snapshot.title)
            urls[card_for_show(product_view(snapshot), SHOW).qr_url] = sku
        return ShowCatalog(cards, urls, snapshots)
    finally:
        db.close()


KEPT_FRAMES = 2 * FPS   # longer than the longest fade the show uses (1 s)
FADE_MAD = 9.0          # a fade frame further than this from the expected blend disagrees


# -- the check ----------------------------------------------------------------------------------------------

@dataclass
class Report:
    frames_checked: int = 0
    snapshots_checked: int = 0
    fade_frames: int = 0
    lenient_countdown_frames: int = 0
    disagreements: list[str] = field(default_factory=list)
    worst_match: float = 0.0      # the largest distance of an accepted reading (mean |difference|, 0-255)
    margins: dict = field(default_factory=dict)   # the smallest such gap for each kind of reading
    smallest_margin: tuple = (0.0, "", 0)  # (the smallest gap between the nearest and the second-nearest reference, what, frame)


def recorded_frames(recordings: list[Path], events: list[dict]):
    """(engine frame, picture) for every frame of every recording, in order; file k starts at the k-th `on_air`."""
    starts = [frame_of(e["show_time_s"]) for e in events if e["event"] == "on_air"]
    assert len(starts) == len(recordings), (starts, recordings)
    for start, path in zip(starts, recordings):
        with av.open(str(path)) as container:
            first = None
            for picture in container.decode(video=0):
                first = picture.time if first is None else first
                yield start + round((picture.time - first) * FPS), picture.to_ndarray(format="bgr24")


def check_show(run: ShowRun, db_path: Path, catalog: ShowCatalog) -> Report:
    events = asrun(db_path)
    reader = PictureReader(catalog.qr_urls, catalog.snapshots)
    report = Report()
    last = frame_of(max(e["show_time_s"] for e in events)) + FPS
    model, report.disagreements = build_model(run, events, catalog.cards, last)
    report.snapshots_checked = len(run.sent)
    candidates = sorted({e.card for e in model.values() if e.card is not None}, key=repr)
    shows_callout = any(s.op == "ShowGraphic" and s.args["kind"] == "callout" for s in run.sent)
    callouts = sorted({c.price for c in candidates}) if shows_callout else []
    faces = [None, "ended", *sorted({e.countdown for e in model.values() if isinstance(e.countdown, int)})]
    starts = {frame_of(e["show_time_s"]) for e in events if e["event"] == "on_air"}
    aired: dict[int, np.ndarray] = {}     # the last frames, for a fade's outgoing picture
    previous = None
    for f, picture in recorded_frames(run.recordings, events):
        aired[f] = picture
        aired.pop(f - KEPT_FRAMES, None)
        if previous is not None and previous < f - 1 and f not in starts:
            report.disagreements.append(f"frames {previous + 1}..{f - 1} are missing from the recording")
        previous = f
        want = model.get(f)
        if want is None:
            report.disagreements.append(f"frame {f}: recorded after the as-run log's last entry")
            continue
        report.frames_checked += 1
        if want.fade is not None:
            report.fade_frames += 1
            t, outgoing = want.fade
            if outgoing not in aired:
                continue
            for kind, layer in (("card", want.card and reader.card_layer(want.card)),
                                ("countdown", None if want.countdown is None else reader.face_layer(want.countdown))):
                if kind == "countdown" and want.countdown_leaving:
                    continue
                blend = (1 - t) * reader.box(kind, aired[outgoing]) + t * reader.composed(kind, layer, f)
                mad = float(np.abs(reader.box(kind, picture) - blend).mean())
                if mad > FADE_MAD:
                    report.disagreements.append(f"frame {f}: {kind} is not the fade's blend at t={t:.2f} "
                                                f"(mean difference {mad:.1f}); expected {want}")
            continue
        card, card_mad = reader.read_card(picture, f, candidates)
        report.worst_match = max(report.worst_match, card_mad)
        if not reader.same_picture(card, want.card) and not (want.card_before and reader.same_picture(card, want.card_before)):
            report.disagreements.append(f"frame {f}: card reads {card} (d={card_mad:.1f}), the model says {want.card}")
        if want.countdown_leaving:
            report.lenient_countdown_frames += 1
        else:
            face, face_mad = reader.read_countdown(picture, f, faces)
            report.worst_match = max(report.worst_match, face_mad)
            if face != want.countdown:
                report.disagreements.append(f"frame {f}: countdown reads {face} (d={face_mad:.1f}), "
                                            f"the model says {want.countdown}")
        if callouts and not want.callout_moving:
            price, price_mad = reader.read_callout(picture, f, callouts)
            report.worst_match = max(report.worst_match, price_mad)
            if price != want.callout:
                report.disagreements.append(f"frame {f}: the callout reads {price} (d={price_mad:.1f}), "
                                            f"the model says {want.callout}")
    report.smallest_margin = min(reader.margins, default=(0.0, "", 0))
    report.margins = {kind: round(min(m for m, k, _ in reader.margins if k == kind), 1)
                      for kind in {k for _, k, _ in reader.margins}}
    return report

