"""Every script a catalog may hold: CJK and emoji draw real glyphs, stacked marks stay in their box."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import numpy as np
import pytest

from studio.core.graphics.card import render_card
from studio.core.graphics.glyphs import undrawable_characters
from studio.core.graphics.model import LowerThirdData, ProductView, card_for_show
from studio.core.graphics.overlays import render_lower_third
from studio.core.graphics.painting import bgra_view

STACKED = "Z" + "".join(chr(code) for code in range(0x300, 0x36F)) * 3 + "algo" + "\u0489" * 20


def without_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.combining(ch) and ch != "\u0489")


def ink_changed_by_marks(render) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns where the marks changed any pixel (the same text without them as reference)."""
    plain_rendering, marked_rendering = render(without_marks(STACKED)), render(STACKED)  # alive while viewed
    plain = bgra_view(plain_rendering.image).copy()
    marked = bgra_view(marked_rendering.image).copy()
    return np.nonzero(np.any(plain != marked, axis=2))


@pytest.mark.parametrize("title", ["电视机", "冰箱 🔥🔥", "한국어 텔레비전", "Café Ünïcødé", "Smart TV ✓"])
def test_titles_in_every_common_script_have_a_font(title):
    assert undrawable_characters(title) == ""


def test_characters_no_font_draws_are_named():
    assert undrawable_characters("TV \U000F0000 55") == "\U000F0000"


def test_cjk_and_emoji_draw_real_glyphs_not_boxes(theme, en_us):
    def card(title):
        view = ProductView("X", title, "", Decimal("10"), None, "USD", 50, None, "https://x.example/p")
        rendering = render_card(card_for_show(view, "f"), 720, 300, theme, en_us)
        return bgra_view(rendering.image).copy()

    tofu = card("\U000F0000\U000F0001\U000F0002")  # private-use: no font has these, so they draw as boxes
    for title in ("电视机", "🔥🔥🔥"):
        assert (card(title) != tofu).any(), title
    title_area = card("🔥🔥🔥")[20:56, 220:540]  # the title's first line: white text on the dark card, or colour
    blue, green, red = (title_area[:, :, channel].astype(int) for channel in range(3))
    assert ((red - blue > 80) & (red > 150)).sum() > 50, "the fire emoji is drawn in colour"


def test_stacked_combining_marks_stay_inside_the_card_title(theme, en_us):
    def render(title):
        view = ProductView("X", title, "", Decimal("10"), None, "USD", 50, None, "https://x.example/p")
        return render_card(card_for_show(view, "f"), 720, 300, theme, en_us)

    rows, columns = ink_changed_by_marks(render)
    pad, title_bottom, text_left = 20, 20 + 72, 220
    assert rows.size and rows.min() >= pad and rows.max() <= title_bottom
    assert columns.min() >= text_left


def test_stacked_combining_marks_stay_inside_the_lower_third_name(theme, en_us):
    rows, _ = ink_changed_by_marks(lambda name: render_lower_third(LowerThirdData(name, "Host"), 760, 130, theme, en_us))
    assert rows.size and rows.min() >= 14 and rows.max() <= 14 + 58
