"""Reads what a recorded frame shows (the randomised show's reader, tests/control/randomshow.py).

The product on the card from its QR code (decoded again only when the code's pixels change; a sold-out
card has no code by design, so then the nearest render); the card's price and stock line, the countdown's
face and the callout's price by the nearest reference render: each drawn by the engine's own renderer
(`render_graphic`, the same fonts and theme) and composited over the test card as it was at that frame,
compared where two candidates differ, so a price is told apart by its own digits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import cv2
import numpy as np

from studio.core.capture.test_card import TestCardSource
from studio.core.graphics.countdown import render_countdown
from studio.core.graphics.countdown_clock import CountdownFace
from studio.core.graphics.formatting import show_locale
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import PriceCalloutData, card_for_show
from studio.core.graphics.painting import bgra_view
from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.renderers import render_graphic
from studio.core.graphics.resources import load_bundled_fonts
from studio.core.graphics.theme import load_theme
from studio.core.show_graphics import product_view

W, H, FPS = 640, 360, 30
SHOW = "friday"


@dataclass(frozen=True)
class Card:
    sku: str
    price: str
    compare_at: str | None
    stock: int | None
    title: str


NO_MATCH_MAD = 14.0     # a region further than this from every reference is unreadable


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
            view = replace(product_view(self.snapshots[card.sku]), price=Decimal(card.price), stock=card.stock,
                           compare_at_price=None if card.compare_at is None else Decimal(card.compare_at),
                           title=card.title)
            self._cards[card] = self._layer("card", card_for_show(view, SHOW))
        return self._cards[card]

    def face_layer(self, face):
        if face not in self._faces:
            if face == "ended":
                shown = CountdownFace("", 0, urgent=True, ended=True)
            else:
                shown = CountdownFace("Deal ends in", face, urgent=face <= 60, ended=False)
            p = self.layout["countdown"]
            rendering = render_countdown(shown, p.width, p.height, self.theme, self.locale)
            bgra = bgra_view(rendering.image).astype(np.float32)
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


