"""A graphic reaches every canvas on the same frame: a new card, an edited one, a different product.

Both canvases' layers are drawn by one graphics process, one after the other, and a loaded machine may
finish the landscape card a frame or more before the vertical one (a clean-clone run recorded the
take's card on the landscape stream two frames before the vertical). Neither canvas shows it until both
have it. The frames here never wait for a render (`render_wait_s=0`), so every tick in between is seen.
"""

from __future__ import annotations

import time

import numpy as np

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
