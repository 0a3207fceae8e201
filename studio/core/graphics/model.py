"""Plain data for every broadcast graphic: what to show, never how it looks.

Everything is frozen, so a renderer that received an object can never see it
change under it, and a card on air is always drawn from one version of its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_UTM_SOURCE = "live-shopping-studio"


DEFAULT_LOW_STOCK_THRESHOLD = 10
SOLD_WINDOW_MIN = 10      # "N sold in the last 10 minutes"


@dataclass(frozen=True)
class ProductView:
    """One sellable variant as the graphics see it (not the catalog's own row)."""

    sku: str
    title: str
    # Options joined for display, e.g. "Brown / M"; empty for single-variant products.
    variant_title: str
    price: Decimal
    compare_at_price: Decimal | None
    currency: str
    # None when the shop does not track stock for this variant.
    stock: int | None
    image_path: Path | None
    # The product's own page; None when the catalog has none (then no QR code airs).
    product_url: str | None
    # Units sold in the last SOLD_WINDOW_MIN minutes, from orders coming in (docs/store.md).
    sold_recently: int = 0
    # At or under this stock the card and the low-stock alert say so.
    low_stock_threshold: int = DEFAULT_LOW_STOCK_THRESHOLD
    # Units viewers' claims hold right now (docs/comments.md); `stock` is already what is left after them.
    claimed: int = 0


@dataclass(frozen=True)
class ProductCardData:
    product: ProductView
    # The product URL with the show's tracking tags: what the QR code encodes (None: no QR, no "Scan to buy").
    qr_url: str | None
    low_stock_threshold: int = 10


@dataclass(frozen=True)
class PriceCalloutData:
    price: Decimal
    currency: str
    label: str = "NOW"


@dataclass(frozen=True)
class CountdownData:
    ends_at_show_time_s: float
    label: str = "Deal ends in"


@dataclass(frozen=True)
class LowerThirdData:
    name: str
    title: str = ""


@dataclass(frozen=True)
class TickerItem:
    title: str
    price: Decimal
    currency: str


@dataclass(frozen=True)
class TickerData:
    items: tuple[TickerItem, ...]
    heading: str = "Today's deals"


@dataclass(frozen=True)
class LogoData:
    brand: str
    show_live_badge: bool = True


@dataclass(frozen=True)
class CommentData:
    viewer_name: str
    text: str
    platform: str = ""


@dataclass(frozen=True)
class SlateData:
    headline: str = "We'll be right back"
    detail: str = ""


def tagged_url(url: str, utm_source: str, utm_campaign: str) -> str:
    """The URL with utm_source/utm_campaign set, keeping any query it already has."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in ("utm_source", "utm_campaign")]
    query += [("utm_source", utm_source), ("utm_campaign", utm_campaign)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def on_air_url(product_url: str | None, utm_campaign: str, utm_source: str = DEFAULT_UTM_SOURCE) -> str | None:
    """The one place the URL a viewer scans is built: the product's page with the show's tags."""
    if not product_url or not product_url.strip():
        return None
    return tagged_url(product_url.strip(), utm_source, utm_campaign)


def card_for_show(
    product: ProductView,
    utm_campaign: str,
    utm_source: str = DEFAULT_UTM_SOURCE,
    low_stock_threshold: int | None = None,
) -> ProductCardData:
    return ProductCardData(
        product=product,
        qr_url=on_air_url(product.product_url, utm_campaign, utm_source),
        low_stock_threshold=product.low_stock_threshold if low_stock_threshold is None else low_stock_threshold,
    )


@dataclass(frozen=True)
class SoldCounterData:
    count: int
    window_min: int = SOLD_WINDOW_MIN
    label: str = ""          # the line's wording; empty: "{count} sold in the last {window_min} minutes"


@dataclass(frozen=True)
class LowStockData:
    stock: int
    threshold: int


def sold_counter_for(product: ProductView, label: str = "") -> SoldCounterData | None:
    """Social proof only when there is some: nothing airs while none sold in the window."""
    return SoldCounterData(product.sold_recently, SOLD_WINDOW_MIN, label) if product.sold_recently > 0 else None


def low_stock_for(product: ProductView) -> LowStockData | None:
    """Up only while the product is at or under its threshold (sold out included); untracked stock: never."""
    if product.stock is None or product.stock > product.low_stock_threshold:
        return None
    return LowStockData(product.stock, product.low_stock_threshold)


def callout_for(product: ProductView, label: str = "NOW") -> PriceCalloutData:
    return PriceCalloutData(price=product.price, currency=product.currency, label=label)


def ticker_for(products: list[ProductView], heading: str = "Today's deals") -> TickerData:
    return TickerData(
        items=tuple(TickerItem(p.title, p.price, p.currency) for p in products if p.stock != 0),
        heading=heading,
    )
