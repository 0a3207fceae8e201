"""A graphic reaches every canvas on the same frame: a new card, an edited one, a different product.

Both canvases' layers are drawn by one graphics process, one after the other, and a loaded machine may
finish the landscape card a frame or more before the vertical one (a clean-clone run recorded the
take's card on the landscape stream two frames before the vertical). Neither canvas shows it until both
have it. The frames here never wait for a render (`render_wait_s=0`), so every tick in between is seen.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.samples import sample_data

W, H, VW, VH = 1280, 720, 720, 1280
WAIT_S = 60.0


def _tick(graphics: ProgramGraphics, landscape: np.ndarray, vertical: np.ndarray, now_s: float) -> dict:
    graphics.composite(landscape, now_s)
    graphics.draw(VERTICAL, vertical, now_s)
    return {canvas: graphics.drawn_data(canvas).get("card") for canvas in (LANDSCAPE, VERTICAL)}


def _sku(card) -> str | None:
    return None if card is None else card.product.sku


def test_a_card_and_its_changes_reach_both_canvases_on_the_same_frame(qapp):
    graphics = ProgramGraphics(W, H, extra_canvases={VERTICAL: (VW, VH)}, render_process=True, render_wait_s=0.0)
    landscape, vertical = np.zeros((H, W, 3), np.uint8), np.zeros((VH, VW, 3), np.uint8)
    try:
        assert graphics.wait_until_ready(WAIT_S)
        now_s = 0.0
        for sku in ("TV-55-4K", "HP-NC-BLK", "TV-55-4K"):
            graphics.show("card", sample_data("card", sku), instant=True)
            deadline = time.monotonic() + WAIT_S
            while True:
                now_s += 1 / 30
                cards = _tick(graphics, landscape, vertical, now_s)
                assert _sku(cards[LANDSCAPE]) == _sku(cards[VERTICAL]), f"{sku}: one canvas ahead of the other"
                if _sku(cards[LANDSCAPE]) == sku:
                    break
                assert time.monotonic() < deadline, f"{sku} never drawn"
                time.sleep(0.001)
    finally:
        graphics.close()


def test_an_update_together_is_never_undone_by_older_layers_one_canvas_had_finished(qapp):
    """A change drawn on one canvas and still being drawn on the other, then an edit of the product (an
    update_together): the edit swaps in everywhere, and the first change's layers, finished on one canvas
    only, never come back over it (a clean-clone run's vertical callout showed the edited price 36 frames
    after the rest)."""
    from decimal import Decimal

    from studio.core.graphics.model import PriceCalloutData

    def callout(price: str) -> PriceCalloutData:
        return PriceCalloutData(price=Decimal(price), currency="USD")

    graphics = ProgramGraphics(W, H, extra_canvases={VERTICAL: (VW, VH)}, render_process=True, render_wait_s=0.0)
    landscape, vertical = np.zeros((H, W, 3), np.uint8), np.zeros((VH, VW, 3), np.uint8)
    prices = lambda: {canvas: getattr(graphics.drawn_data(canvas).get("callout"), "price", None)   # noqa: E731
                      for canvas in (LANDSCAPE, VERTICAL)}
    now_s = [0.0]

    def tick() -> None:
        now_s[0] += 1 / 30
        graphics.composite(landscape, now_s[0])
        graphics.draw(VERTICAL, vertical, now_s[0])

    try:
        assert graphics.wait_until_ready(WAIT_S)
        graphics.show("callout", callout("1.00"), instant=True)
        _until(tick, lambda: prices() == {LANDSCAPE: Decimal("1.00"), VERTICAL: Decimal("1.00")})
        for attempt in range(50):     # until a change is caught finished on one canvas, not yet on the other
            graphics.show("callout", callout(f"{2 + attempt}.00"), instant=True)
            pictures = graphics._slots["callout"].pictures
            tick()          # both canvases' layers asked for
            caught = _until(tick, lambda: pictures[LANDSCAPE].ready is not None or not pictures[VERTICAL].waiting(),
                            give_up=True)
            if caught and pictures[LANDSCAPE].ready is not None and pictures[VERTICAL].waiting():
                break
            _until(tick, lambda: not any(p.waiting() or p.ready for p in pictures.values()))
        else:
            pytest.skip("never caught one canvas finished before the other in 50 tries")
        graphics.update_together({"callout": callout("99.00")})

        def agreeing_tick() -> None:
            tick()
            assert prices()[LANDSCAPE] == prices()[VERTICAL], f"the canvases disagree: {prices()}"

        _until(agreeing_tick, lambda: prices() == {LANDSCAPE: Decimal("99.00"), VERTICAL: Decimal("99.00")})
        for _ in range(30):
            tick()
            assert prices() == {LANDSCAPE: Decimal("99.00"), VERTICAL: Decimal("99.00")}, "older layers came back"
            time.sleep(0.002)
    finally:
        graphics.close()


def _until(tick, condition, give_up: bool = False) -> bool:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            assert give_up, "never happened"
            return False
        tick()
    return True
