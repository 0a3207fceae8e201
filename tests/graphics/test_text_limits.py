"""Text is never cut without a word: each text field declares its limit in the kind registry;
within it the renderer fits the whole text in the kind's box, over it the text is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.core.graphics.formatting import show_locale
from studio.core.graphics.kinds import GRAPHIC_KINDS, MAX_TEXT_CHARS, TextTooLong, build_graphic_data, validate_graphic_params
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import PriceCalloutData, ProductView
from studio.core.graphics.renderers import render_graphic
from studio.errors import UserInputError

CALLOUT = "Only 25 left - free shipping today"
SIZES = [(1920, 1080), (1280, 720), (640, 360), (1080, 1920)]
SAMPLES = ("Only 25 left - free shipping today ", "Скидка дня 今日特价 عرض اليوم ", "WWWWWWWW ")
ELLIPSIS = "\u2026"


class _Show:
    brand, utm_campaign, show_time_s = "Live", "test", 0.0

    def product(self, sku):
        return ProductView(sku="KET-STEEL", title="Kettle", variant_title="", price=Decimal("199.99"),
                           compare_at_price=None, currency="USD", stock=25, image_path=None,
                           product_url="https://demo-shop.example/products/kettle", sold_recently=3)

    def deal_products(self):
        return [self.product(None)]


def _drawn(kind: str, data, width: int, height: int, theme) -> list[tuple[str, str]]:
    placement = layout_for(width, height, theme)[kind]
    renderings = render_graphic(kind, data, placement.width, placement.height, theme, show_locale("en_US"))
    return [(role, text) for rendering in renderings for role, text, _ in rendering.drawn]


@pytest.mark.parametrize("width,height", SIZES)
def test_the_callout_line_airs_whole(width, height, theme):
    drawn = _drawn("callout", PriceCalloutData(Decimal("199.99"), "USD", CALLOUT), width, height, theme)
    label = " ".join(text for role, text in drawn if role == "label")
    assert label == CALLOUT, f"the callout reads {label!r}"


def _text_params():
    return [(kind.name, param) for kind in GRAPHIC_KINDS.values() for param in kind.params
            if param.type is str and param.name != "sku"]


@pytest.mark.parametrize("kind,param", _text_params(), ids=lambda value: getattr(value, "name", value))
@pytest.mark.parametrize("width,height", [(1280, 720), (1080, 1920)])
def test_every_text_field_at_its_limit_airs_whole(kind, param, width, height, theme):
    for sample in SAMPLES:
        text = (sample * MAX_TEXT_CHARS)[:param.max_chars].strip()
        params = {other.name: "Maya" for other in GRAPHIC_KINDS[kind].params if other.required}
        params[param.name] = text
        data = build_graphic_data(kind, params, _Show(), 30.0)
        drawn = _drawn(kind, data, width, height, theme)
        assert not [shown for _, shown in drawn if ELLIPSIS in shown], f"{kind}.{param.name} cut: {drawn}"
        words = set(text.upper().split() if kind == "ticker" else text.split())
        shown_words = set(" ".join(shown for _, shown in drawn).split())
        assert words <= shown_words, f"{kind}.{param.name}: words missing"


def test_every_text_field_declares_its_limit():
    for kind, param in _text_params():
        assert 0 < param.max_chars <= MAX_TEXT_CHARS, f"{kind}.{param.name}"


def test_text_over_its_limit_is_refused_naming_the_field_and_the_limit():
    limit = GRAPHIC_KINDS["callout"].params[0].max_chars
    validate_graphic_params("callout", {"text": "x" * limit})
    with pytest.raises(TextTooLong) as refused:
        validate_graphic_params("callout", {"text": "x" * (limit + 1)})
    assert isinstance(refused.value, UserInputError)
    assert refused.value.field == "text" and refused.value.limit == limit
    assert f"'text' is {limit + 1} characters; its limit is {limit} characters" in str(refused.value)
