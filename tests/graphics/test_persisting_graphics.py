"""Graphics that should persist persist (issue 22 item 6), checked on composited pixels.

The show's real graphics target and rundown player drive the real ProgramGraphics; each frame is
composited onto black, so any lit pixel in a graphic's box is that graphic on air.
- the logo bug disappeared at the first take (the demo show's logo cue has no "persist");
- a countdown stayed over the next product taken;
- the logo's LIVE badge was burned into the picture while off air.
"""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.graphics.countdown_clock import ENDED_HOLD_S
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.theme import load_theme
from studio.core.live_show import LiveShow
from studio.core.show.db import open_database
from tests.fixtures.engine import install_show

W, H, FPS = 640, 360, 30


class Program:
    """A show on ProgramGraphics, one composited frame per tick."""

    def __init__(self, root, graphics):
        self.db = open_database(install_show(root, "demo"))
        self.show = LiveShow(self.db, "demo", graphics, auto_advance=False, on_air_at_start=False)
        self.graphics = graphics
        self.theme = load_theme()
        self.layout = layout_for(W, H, self.theme)
        self.frame_index = 0
        self.frame = np.zeros((H, W, 3), np.uint8)

    def run(self, seconds: float) -> np.ndarray:
        for _ in range(round(seconds * FPS)):
            now_s = self.frame_index / FPS
            self.show.tick(now_s)
            self.frame = np.zeros((H, W, 3), np.uint8)
            self.graphics.composite(self.frame, now_s)
            self.frame_index += 1
        return self.frame

    def box(self, kind: str) -> np.ndarray:
        p = self.layout[kind]
        return self.frame[p.y:p.y + p.height, p.x:p.x + p.width]

    def lit(self, kind: str) -> int:
        return int((self.box(kind).max(axis=2) > 40).sum())

    def badge_red(self) -> int:
        r, g, b = self.theme.urgent[:3]
        pixels = self.box("logo").astype(np.int16)
        return int((np.abs(pixels - np.array([b, g, r])).max(axis=2) < 40).sum())

    def close(self):
        self.show.finish(self.frame_index / FPS)
        self.db.close()


@pytest.fixture
def program(tmp_path):
    show = Program(tmp_path, ProgramGraphics(W, H))
    yield show
    show.close()


def test_the_logo_bug_stays_across_takes_until_hidden(program):
    program.run(1)
    assert program.lit("logo") > 50, "the opening's logo cue"
    program.show.player.jump_to_segment(1)        # Take of the previewed segment (the TV)
    program.run(1)
    assert program.lit("card") > 1000
    assert program.lit("logo") > 50, "the logo bug left at the first take"
    program.show.player.jump_to_segment(2)
    program.run(1)
    assert program.lit("logo") > 50
    program.show.target.hide_graphic("logo")
    program.run(1)
    assert program.lit("logo") == 0


def test_a_countdown_leaves_when_another_product_is_taken(program):
    program.show.player.jump_to_segment(1)        # the TV, its card
    program.run(1)
    program.show.target.start_countdown(60, "Deal ends in")
    program.run(1)
    assert program.lit("countdown") > 1000
    program.show.player.jump_to_segment(2)        # the headphones: the TV's deal is over
    program.run(1)
    assert program.lit("card") > 1000
    assert program.lit("countdown") == 0, "the countdown stayed over the next product"
    assert program.show.target.countdown is None


def test_a_countdown_for_the_product_on_air_stays_through_a_retake_of_it(program):
    program.show.player.jump_to_segment(1)
    program.run(1)
    program.show.target.start_countdown(60, "Deal ends in")
    program.show.target.take_product("TV-55-4K")
    program.run(1)
    assert program.lit("countdown") > 1000


def test_the_live_badge_shows_only_while_live(program):
    program.run(1)
    assert program.lit("logo") > 50
    assert program.badge_red() == 0, "a LIVE badge while off air"
    program.show.target.set_live(True)
    program.run(0.5)
    assert program.badge_red() > 50
    program.show.target.set_live(False)
    program.run(0.5)
    assert program.badge_red() == 0 and program.lit("logo") > 50


def test_a_countdown_for_the_product_on_air_stays_through_a_jump_to_its_own_segment(program):
    """The randomised show's 10 minutes: a jump to the segment on air hides its card (segment end) and shows it
    again (its cue) in the same frame; the card never leaves the picture, nor may its product's countdown."""
    program.show.player.jump_to_segment(1)        # the TV, its card by the segment's cue
    program.run(1)
    program.show.target.start_countdown(60, "Deal ends in")
    program.run(1)
    program.show.player.jump_to_segment(1)        # the same segment again: the same product on the card
    program.run(1)
    assert program.lit("card") > 1000
    assert program.lit("countdown") > 1000, "the countdown left with a card that never left"
    assert program.show.target.countdown is not None


def test_a_countdown_leaves_when_its_products_card_is_hidden(program):
    program.show.player.jump_to_segment(1)
    program.run(1)
    program.show.target.start_countdown(60, "Deal ends in")
    program.run(1)
    program.show.target.hide_graphic("card")
    program.run(1)
    assert program.lit("countdown") == 0 and program.show.target.countdown is None


def test_deal_ended_stays_readable_after_the_countdown_runs_out(program):
    """Its time up, the countdown shows "Deal ended" for ENDED_HOLD_S before it leaves by itself."""
    program.show.player.jump_to_segment(1)
    program.run(1)
    program.show.target.start_countdown(2, "Deal ends in")
    program.run(2.5)                              # its time is up: "Deal ended"
    assert program.show.target.countdown is None
    assert program.lit("countdown") > 1000, "the countdown's 'Deal ended' face left at once"
    program.run(ENDED_HOLD_S + 1)
    assert program.lit("countdown") == 0


def test_deal_ended_leaves_with_its_product(program):
    program.show.player.jump_to_segment(1)        # the TV
    program.run(1)
    program.show.target.start_countdown(2, "Deal ends in")
    program.run(2.5)                              # "Deal ended" for the TV
    assert program.lit("countdown") > 1000
    program.show.player.jump_to_segment(2)        # the headphones
    program.run(1)
    assert program.lit("card") > 1000
    assert program.lit("countdown") == 0, "the TV's 'Deal ended' stayed over the headphones"
