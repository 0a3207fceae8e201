"""The randomised show (issue 22 item 7): drive a live engine, read its recording back, compare every frame.

`run_show(root, seed, duration_s, rtmp_url)` drives a real `studio engine` (640x360, recording, live to
nginx-rtmp) through a seeded random sequence of commands and returns what it sent; `check_show(...)`
builds the model's expected state for every program frame from those commands (their answers and the
as-run log give the frames), reads every recorded frame's product (the card's QR code), price (the card
matched against reference renders of every price the show used) and countdown (the readout matched
against every second's face), and lists the frames where picture and model disagree.

Frames are engine frames: a recording starts at the keyframe the as-run's `on_air` names, and its
n-th frame is that frame + n (docs/show-data.md). Frames the engine animates (a graphic leaving,
9 frames; a Fade) are checked against the blend the model expects, or (a countdown leaving) only for
not showing any other value.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import av
import cv2
import numpy as np

from studio.core.capture.test_card import TestCardSource
from studio.core.graphics.animation import TRANSITION_S
from studio.core.graphics.countdown import ENDED_HOLD_S, CountdownFace, render_countdown
from studio.core.graphics.formatting import countdown_seconds_shown, format_clock, show_locale
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import PriceCalloutData, card_for_show
from studio.core.graphics.renderers import render_graphic
from studio.core.graphics.painting import bgra_view
from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.resources import load_bundled_fonts
from studio.core.graphics.theme import load_theme
from studio.core.show.asrun import load_events
from studio.core.show.catalog import find_variant
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from studio.core.show_graphics import product_view

W, H, FPS = 640, 360, 30
SHOW = "friday"
SKUS = ("TV-55-4K", "HP-NC-BLK", "KET-STEEL")
SEGMENT_SKUS = {1: "TV-55-4K", 2: "HP-NC-BLK"}          # the friday show's product segments
PRICES = ("19.99", "49.90", "129.00", "179.99", "249.00", "1299.00")
COMPARE_AT = "1999.00"    # above every price: the catalog refuses a compare-at price at or below the price
STOCKS = (0, 3, 37, 120)
FADE_MS = (300, 500, 1000)
LEAVE_FRAMES = round(TRANSITION_S * FPS)


@dataclass
class Sent:
    """One command as sent: what, its answer, and the program frame before and after it."""

    op: str
    args: dict
    answer: object
    frame_before: int
    frame_after: int


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
    `aspects`: "callout" (a price callout over the card while its price is edited), "cue" (NextSegment and
    PreviousSegment, which put a segment in Preview), each done once right after the first take, then at random."""
    rng = random.Random(seed)
    run = ShowRun(seed)
    with engine.client() as client:
        def frame() -> int:
            return client.vendor("GetShowState")["frame"]

        def send(op: str, args: dict, call) -> object:
            before = frame()
            answer = call()
            run.sent.append(Sent(op, args, answer, before, frame()))
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
                vendor("PreviousSegment" if index >= 2 else "NextSegment")
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


# -- the model ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    sku: str
    price: str
    compare_at: str | None
    stock: int | None
    title: str


@dataclass
class Expected:
    """What frame N should show: the card (or None), the countdown's face (seconds, "ended", None), the
    callout's price (or None); `fade` (t, the outgoing frame) while a Fade dissolves; `countdown_leaving` and
    `callout_moving` while those animate in or out (checked only for showing no other value)."""

    card: Card | None
    countdown: object
    callout: str | None = None
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


def build_model(run: ShowRun, events: list[dict], catalog: dict[str, Card], last_frame: int) -> dict[int, Expected]:
    """The expected state of every frame 0..last_frame, from the commands sent and the frames they aired on."""
    changes: list[tuple[int, int, str, dict]] = []      # (frame, order, what, details)
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
            elif sent.op == "TriggerStudioModeTransition":
                sku, at = preview, next(takes)["details"]["frame"]
            else:
                sku, at = SEGMENT_SKUS[sent.args["index"]], _during(jumps, sent)
            changes.append((at, order, "take", {"sku": sku, "transition": tuple(transition)}))
            on_card = sku
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
            else:
                at = sent.frame_before   # off the card: in the catalog before anything can take it
            changes.append((at, order, "edit", {"sku": sku, **values}))
        elif sent.op == "StartCountdown":
            at = next(countdowns)["details"]["frame"]
            ends_at = at / FPS + sent.args["duration_s"]   # the answer's `ends_at_s` is this, rounded to 1 ms
            assert abs(ends_at - sent.answer["ends_at_s"]) < 0.001, (sent, at)
            changes.append((at, order, "countdown", {"ends_at_s": ends_at}))
        elif sent.op == "CancelCountdown":
            changes.append((_during(ends, sent), order, "cancel", {}))
        elif sent.op in ("ShowGraphic", "HideGraphic") and sent.args["kind"] == "callout":
            changes.append((_during(callouts, sent), order, "callout", {"shown": sent.op == "ShowGraphic"}))
    changes.sort()

    expected: dict[int, Expected] = {}
    cards = dict(catalog)
    card: str | None = None
    countdown = None              # (ends_at_s, sku at its start)
    leaving_until = -1
    callout, callout_moving_until = False, -1
    fade = None                   # (take frame, frames)
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
                cards[details["sku"]] = Card(**{**cards[details["sku"]].__dict__,
                                                **{k: v for k, v in details.items() if k != "sku"}})
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
        expected[f] = Expected(shown, face, shown.price if callout and shown else None, blend,
                               countdown_leaving=f < leaving_until, callout_moving=f < callout_moving_until)
    return expected


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


# -- reading the picture ------------------------------------------------------------------------------------

NO_MATCH_MAD = 14.0     # a region further than this from every reference is unreadable
KEPT_FRAMES = 2 * FPS   # longer than the longest fade the show uses (1 s)
FADE_MAD = 9.0          # a fade frame further than this from the expected blend disagrees


class PictureReader:
    """Reads the card (QR code -> SKU; price by the nearest reference render) and the countdown's face."""

    def __init__(self, qr_urls: dict[str, str], snapshots: dict[str, object]):
        ensure_gui_app()        # the renderers draw with QPainter, in the engine's fonts
        load_bundled_fonts()
        self.theme, self.locale = load_theme(), show_locale("en_US")
        self.layout = layout_for(W, H, self.theme)
        self.background = TestCardSource(W, H, FPS)
        self.qr_urls, self.snapshots = qr_urls, snapshots
        self.detector = cv2.QRCodeDetector()
        self._qr_last: tuple[np.ndarray, str | None] | None = None
        self._cards: dict[Card, tuple[np.ndarray, np.ndarray]] = {}
        self._faces: dict[object, tuple[np.ndarray, np.ndarray]] = {}
        self._masks: dict[tuple, np.ndarray] = {}
        self.margins: list[tuple] = []   # per reading: how much further the second-nearest reference was

    def rows(self, kind: str) -> slice:
        """The rows of a graphic's box that only it covers: the callout's star burst overlaps the card's top."""
        p, card, callout = self.layout[kind], self.layout["card"], self.layout["callout"]
        overlap = max(0, callout.y + callout.height - card.y)
        return {"card": slice(overlap, p.height), "callout": slice(0, p.height - overlap)}.get(kind, slice(0, p.height))

    def box(self, kind: str, frame: np.ndarray) -> np.ndarray:
        p = self.layout[kind]
        return frame[p.y:p.y + p.height, p.x:p.x + p.width][self.rows(kind)].astype(np.float32)

    def _layer(self, kind: str, data, show_time_s: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        p = self.layout[kind]
        colour, alpha = np.zeros((p.height, p.width, 3), np.float32), np.zeros((p.height, p.width, 1), np.float32)
        for rendering in render_graphic(kind, data, p.width, p.height, self.theme, self.locale, show_time_s):
            bgra = bgra_view(rendering.image).astype(np.float32)
            h, w = min(bgra.shape[0], p.height - rendering.dy), min(bgra.shape[1], p.width - rendering.dx)
            region = np.s_[rendering.dy:rendering.dy + h, rendering.dx:rendering.dx + w]
            a = bgra[:h, :w, 3:] / 255.0
            colour[region] = bgra[:h, :w, :3] + colour[region] * (1 - a)
            alpha[region] = a + alpha[region] * (1 - a)
        return colour[self.rows(kind)], alpha[self.rows(kind)]

    def callout_layer(self, price: str):
        if ("callout", price) not in self._faces:
            self._faces["callout", price] = self._layer("callout", PriceCalloutData(Decimal(price), "USD", "Now"))
        return self._faces["callout", price]

    def read_callout(self, frame: np.ndarray, frame_index: int, prices: list[str]) -> tuple[str | None, float]:
        """The callout's price, or None: the nearest reference render (the price told apart by its digits)."""
        region = self.box("callout", frame)
        none_mad = float(np.abs(region - self.composed("callout", None, frame_index)).mean())
        scored = sorted((float(np.abs(region - self.composed("callout", self.callout_layer(p), frame_index)).mean()), i)
                        for i, p in enumerate(prices))
        best, i = scored[0]
        if none_mad < best:
            return (None if none_mad < NO_MATCH_MAD else "?"), none_mad
        if best >= NO_MATCH_MAD:
            return "?", best
        return self._pick("callout", region, frame_index, [prices[j] for _, j in scored], self.callout_layer), best

    def card_layer(self, card: Card):
        if card not in self._cards:
            from dataclasses import replace
            view = replace(product_view(self.snapshots[card.sku]), price=Decimal(card.price), stock=card.stock,
                           compare_at_price=None if card.compare_at is None else Decimal(card.compare_at),
                           title=card.title)
            self._cards[card] = self._layer("card", card_for_show(view, SHOW))
        return self._cards[card]

    def face_layer(self, face):
        if face not in self._faces:
            if face == "ended":
                shown = CountdownFace("", "Deal ended", urgent=True, ended=True)
            else:
                shown = CountdownFace("Deal ends in", format_clock(face, self.locale), urgent=face <= 60, ended=False)
            p = self.layout["countdown"]
            from studio.core.graphics.painting import bgra_view as view
            rendering = render_countdown(shown, p.width, p.height, self.theme, self.locale)
            bgra = view(rendering.image).astype(np.float32)
            self._faces[face] = (bgra[:, :, :3], bgra[:, :, 3:] / 255.0)
        return self._faces[face]

    def composed(self, kind: str, layer, frame_index: int) -> np.ndarray:
        background = self.box(kind, self.background.frame_at(frame_index / FPS))
        if layer is None:
            return background
        colour, alpha = layer
        return colour + background * (1 - alpha)

    def read_sku(self, frame: np.ndarray) -> str | None:
        """The product on the card, from its QR code (decoded again only when the code's pixels change)."""
        p = self.layout["card"]
        crop = frame[p.y:p.y + p.height, p.x + p.width // 2:p.x + p.width]
        if self._qr_last is not None and np.abs(crop.astype(np.int16) - self._qr_last[0]).mean() < 4:
            return self._qr_last[1]
        text, _, _ = self.detector.detectAndDecode(cv2.resize(crop, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST))
        sku = self.qr_urls.get(text) if text else None
        self._qr_last = (crop.astype(np.int16), sku)
        return sku

    def read_card(self, frame: np.ndarray, frame_index: int, candidates: list[Card]) -> tuple[Card | None, float]:
        """The card shown: None (the bare picture) or the candidate whose reference render is nearest;
        the product is the QR code's, the price the nearest render's among that product's prices."""
        region = self.box("card", frame)
        none_mad = float(np.abs(region - self.composed("card", None, frame_index)).mean())
        sku = self.read_sku(frame)   # a sold-out card has no QR code (nothing to buy): then the nearest render's
        scored = [(float(np.abs(region - self.composed("card", self.card_layer(c), frame_index)).mean()), i)
                  for i, c in enumerate(candidates) if c.sku == sku or (sku is None and c.stock == 0)]
        if not scored:
            return None, none_mad
        scored.sort()
        best, i = scored[0]
        if none_mad < best:
            self.margins.append((best - none_mad, "no card", frame_index))
            return None, none_mad
        self.margins.append((none_mad - best, "card", frame_index))
        if best >= NO_MATCH_MAD:
            return Card(sku, "?", None, None, "?"), best
        # Which of the product's cards: told apart where two of them differ (the price, the stock line, the
        # badge), so a price is read by its own pixels rather than averaged into the whole card.
        return self._pick("card", region, frame_index, [candidates[j] for _, j in scored], self.card_layer), best

    def _pick(self, kind: str, region: np.ndarray, frame_index: int, options: list, layer_of) -> object:
        """The option whose reference is nearest, compared pairwise on the pixels where two options differ."""
        champion = options[0]
        for challenger in options[1:]:
            mask = self.differing(kind, champion, challenger, layer_of)
            if not mask.any():
                continue   # the same picture (stock 37 and 120 both read "In stock"): either reading is right
            d_champion, d_challenger = (float(np.abs(region - self.composed(kind, layer_of(o), frame_index))[mask].mean())
                                        for o in (champion, challenger))
            self.margins.append((abs(d_champion - d_challenger), kind, frame_index))
            if d_challenger < d_champion:
                champion = challenger
        return champion

    def differing(self, kind: str, a, b, layer_of) -> np.ndarray:
        key = (kind, *sorted((repr(a), repr(b))))
        if key not in self._masks:
            self._masks[key] = np.abs(layer_of(a)[0] - layer_of(b)[0]).max(axis=2) > 40
        return self._masks[key]

    def same_picture(self, a: Card | None, b: Card | None) -> bool:
        return a == b or (a is not None and b is not None and a.sku == b.sku and "?" not in (a.price, b.price)
                          and not self.differing("card", a, b, self.card_layer).any())

    def read_countdown(self, frame: np.ndarray, frame_index: int, faces: list) -> tuple[object, float]:
        region = self.box("countdown", frame)
        scored = [(float(np.abs(region - self.composed("countdown", None if face is None else self.face_layer(face),
                                                        frame_index)).mean()), i) for i, face in enumerate(faces)]
        scored.sort()
        best, i = scored[0]
        if faces[i] is None or best >= NO_MATCH_MAD:
            self.margins.append((scored[1][0] - best, "no countdown", frame_index))
            return (None if best < NO_MATCH_MAD else "?"), best
        shown = [faces[j] for _, j in scored if faces[j] is not None]   # which face: told apart by the digits
        return self._pick("countdown", region, frame_index, shown, self.face_layer), best


# -- the check ----------------------------------------------------------------------------------------------

@dataclass
class Report:
    frames_checked: int = 0
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
    model = build_model(run, events, catalog.cards, last)
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
        if not reader.same_picture(card, want.card):
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

