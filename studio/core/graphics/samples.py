"""Sample data for each graphic, shared by `studio render`, the demo director and the golden tests."""

from __future__ import annotations

from pathlib import Path

from studio.core.graphics.model import (
    CommentData,
    LogoData,
    LowerThirdData,
    SlateData,
    callout_for,
    card_for_show,
    ticker_for,
)
from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_view, load_product_views

DEMO_CAMPAIGN = "demo-show"
SAMPLE_LOWER_THIRD = LowerThirdData("Maya Chen", "Host · Deals of the Day")
SAMPLE_COMMENT = CommentData("Jordan P.", "Does the kettle work on induction hobs? Asking for my mum!", "YouTube")
SAMPLE_LOGO = LogoData("DEMO SHOP")
SAMPLE_SLATE = SlateData("We'll be right back", "Stay tuned: more deals in a moment")

# Graphics that draw a product need one; the others ignore --product.
PRODUCT_GRAPHICS = ("card", "callout")


def sample_data(kind: str, sku: str | None, catalog_path: Path = DEMO_CATALOG_PATH):
    """The data `studio render` draws for one graphic (the countdown is started separately)."""
    if kind == "card":
        return card_for_show(load_product_view(sku, catalog_path), DEMO_CAMPAIGN)
    if kind == "callout":
        return callout_for(load_product_view(sku, catalog_path))
    if kind == "ticker":
        return ticker_for(load_product_views(catalog_path))
    return {
        "lower_third": SAMPLE_LOWER_THIRD,
        "logo": SAMPLE_LOGO,
        "comment": SAMPLE_COMMENT,
        "slate": SAMPLE_SLATE,
    }[kind]
