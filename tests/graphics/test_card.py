import dataclasses
from decimal import Decimal

import cv2
import numpy as np
import pytest

from studio.core.graphics.card import BUY_PROMPT, render_card
from studio.core.graphics.model import card_for_show
from studio.core.graphics.painting import bgra_view
from studio.core.graphics.product_view import load_product_view
from studio.core.graphics.snapshot import snapshot
from studio.errors import UserInputError


def texts(rendering):
    return {role: text for role, text, _ in rendering.drawn}


def test_qr_on_the_program_frame_decodes_to_the_tagged_product_url(theme):
    frame = snapshot("card", 1920, 1080, theme, "TV-55-4K")
    decoded, points, _ = cv2.QRCodeDetector().detectAndDecode(frame)
    assert decoded == "https://demo-shop.example/products/tv-55-4k?utm_source=live-shopping-studio&utm_campaign=demo-show"


def test_card_shows_prices_badge_and_prompt(theme, en_us):
    rendering = render_card(card_for_show(load_product_view("TV-55-4K"), "s1"), 720, 300, theme, en_us)
    drawn = texts(rendering)
    assert drawn["price"] == "$298.00"
    assert drawn["compare_at"] == "$449.00"
    assert drawn["badge"] == "\u221233\u202f%"
    assert drawn["prompt"] == BUY_PROMPT


def test_low_stock_is_called_out(theme, en_us):
    rendering = render_card(card_for_show(load_product_view("HP-NC-BLK"), "s1"), 720, 300, theme, en_us)
    assert texts(rendering)["stock"] == "Only 3 left"


def test_sold_out_card_never_shows_a_buy_prompt_or_qr(theme, en_us):
    data = card_for_show(load_product_view("HOOD-BRN-M"), "s1")
    rendering = render_card(data, 720, 300, theme, en_us)
    drawn = texts(rendering)
    assert drawn["stock"] == "Sold out"
    assert "prompt" not in drawn
    assert drawn["variant"] == "Brown / M"
    frame = snapshot("card", 1920, 1080, theme, "HOOD-BRN-M")
    assert cv2.QRCodeDetector().detectAndDecode(frame)[0] == ""


@pytest.mark.parametrize("image", ["missing.png", "broken.png", None])
def test_missing_or_broken_picture_falls_back_to_a_placeholder(theme, en_us, tmp_path, image):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not a picture")
    product = dataclasses.replace(load_product_view("KET-STEEL"), image_path=(tmp_path / image) if image else None)
    rendering = render_card(card_for_show(product, "s1"), 720, 300, theme, en_us)
    picture = bgra_view(rendering.image)[40:180, 40:180]
    # The placeholder's grey frame, not an empty hole.
    assert picture[..., 3].min() == 255
    assert np.abs(picture[..., :3].astype(int) - (84, 74, 70)).sum(axis=2).min() == 0


def test_long_title_wraps_to_two_lines_and_ends_with_an_ellipsis(theme, en_us):
    product = dataclasses.replace(load_product_view("KET-STEEL"), title="Extraordinarily " * 12 + "Kettle")
    rendering = render_card(card_for_show(product, "s1"), 720, 300, theme, en_us)
    title_lines = [text for role, text, _ in rendering.drawn if role == "title"]
    assert len(title_lines) == 2
    assert title_lines[-1].endswith("…")


def test_prices_in_the_show_locale(theme):
    from studio.core.graphics.formatting import show_locale

    product = dataclasses.replace(load_product_view("KET-STEEL"), price=Decimal("24.90"), compare_at_price=Decimal("34.90"), currency="EUR")
    rendering = render_card(card_for_show(product, "s1"), 720, 300, theme, show_locale("de_DE"))
    assert texts(rendering)["price"] == "24,90\u00a0€"


def test_unknown_sku_names_it_and_the_catalog():
    with pytest.raises(UserInputError, match="'NOPE'.*TV-55-4K"):
        load_product_view("NOPE")


def test_a_product_without_a_page_gets_no_qr_code_and_no_prompt(theme):
    from decimal import Decimal

    from studio.core.graphics.card import render_card
    from studio.core.graphics.formatting import show_locale
    from studio.core.graphics.model import ProductView, card_for_show

    view = ProductView("BOWL-1", "Stoneware Bowl", "", Decimal("18.00"), None, "USD", 5, None, None)
    card = card_for_show(view, "friday")
    assert card.qr_url is None
    drawn = render_card(card, 720, 300, theme, show_locale("en_US")).drawn
    assert "prompt" not in [role for role, _, _ in drawn]
    assert "Stoneware Bowl" in [text for role, text, _ in drawn if role == "title"]
