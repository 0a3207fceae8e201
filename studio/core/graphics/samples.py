"""Sample data for each graphic, shared by `studio render`, the demo director and the golden tests."""

from __future__ import annotations

from pathlib import Path

from studio.core.graphics.kinds import GRAPHIC_KINDS, validate_graphic_params
import dataclasses

from studio.core.graphics.model import callout_for, card_for_show, low_stock_for, sold_counter_for, ticker_for
from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_view, load_product_views

DEMO_CAMPAIGN = "demo-show"

# Ten scripts (Latin, Cyrillic, Han, Arabic, Devanagari, Thai, Hangul, Vietnamese, Greek, emoji): Qt
# loads a fallback font and shapes a run for each, the slowest text to draw (tests and bench_control).
_SCRIPT_PARTS = ("Flash deal ", "Скидка дня ", "今日特价 ", "عرض اليوم ", "आज का ऑफ़र ", "ดีลวันนี้ ", "오늘의 특가 ",
                 "Ưu đãi hôm nay ", "Ελληνικά ", "🎉 ")


def mixed_scripts(length: int) -> str:
    """`length` characters cycling through ten scripts."""
    text, index = "", 0
    while len(text) < length:
        text += _SCRIPT_PARTS[index % len(_SCRIPT_PARTS)]
        index += 1
    return text[:length]


def _declared_example(kind: str):
    """The kind's example parameters (kinds.py) as data; only for kinds that need nothing from a show."""
    declared = GRAPHIC_KINDS[kind]
    return declared.build(validate_graphic_params(kind, declared.example), None, None)


SAMPLE_LOWER_THIRD = _declared_example("lower_third")
SAMPLE_COMMENT = _declared_example("comment")
SAMPLE_LOGO = _declared_example("logo")
SAMPLE_SLATE = _declared_example("slate")

# Graphics that draw a product need one; the others ignore --product.
PRODUCT_GRAPHICS = ("card", "callout", "sold_counter", "low_stock")
SAMPLE_SOLD_RECENTLY = 7      # the sold counter's sample: as if seven had sold in the last ten minutes
SAMPLE_LOW_STOCK = 3


def sample_data(kind: str, sku: str | None, catalog_path: Path = DEMO_CATALOG_PATH):
    """The data `studio render` draws for one graphic (the countdown is started separately)."""
    if kind == "card":
        return card_for_show(load_product_view(sku, catalog_path), DEMO_CAMPAIGN)
    if kind == "callout":
        return callout_for(load_product_view(sku, catalog_path))
    if kind == "sold_counter":
        return sold_counter_for(dataclasses.replace(load_product_view(sku, catalog_path), sold_recently=SAMPLE_SOLD_RECENTLY))
    if kind == "low_stock":
        return low_stock_for(dataclasses.replace(load_product_view(sku, catalog_path), stock=SAMPLE_LOW_STOCK))
    if kind == "ticker":
        return ticker_for(load_product_views(catalog_path))
    return {
        "lower_third": SAMPLE_LOWER_THIRD,
        "logo": SAMPLE_LOGO,
        "comment": SAMPLE_COMMENT,
        "slate": SAMPLE_SLATE,
    }[kind]
