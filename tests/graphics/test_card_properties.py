"""Property tests: whatever the catalog holds, the card stays inside itself and tells the truth."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from studio.core.graphics.card import render_card
from studio.core.graphics.formatting import discount_percent, show_locale
from studio.core.graphics.model import ProductView, card_for_show

titles = st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs", "S")), min_size=0, max_size=160)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False)
CARD_W, CARD_H = 720, 300


@st.composite
def products(draw):
    return ProductView(
        sku=draw(st.text(min_size=1, max_size=12)),
        title=draw(titles),
        variant_title=draw(titles),
        price=draw(money),
        compare_at_price=draw(st.none() | money),
        currency=draw(st.sampled_from(["USD", "EUR", "GBP", "JPY", "SEK", "CHF", "INR", "BRL", "XYZ"])),
        stock=draw(st.none() | st.integers(min_value=0, max_value=10**7)),
        image_path=None,
        product_url="https://shop.example/products/" + draw(st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True)),
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(product=products(), locale_name=st.sampled_from(["en_US", "de_DE", "fr_FR", "ja_JP", "ar_EG", "hi_IN"]))
def test_text_stays_inside_the_card_and_the_badge_matches_the_prices(product, locale_name, theme):
    locale = show_locale(locale_name)
    rendering = render_card(card_for_show(product, "prop"), CARD_W, CARD_H, theme, locale)
    card = QRectF(0, 0, CARD_W, CARD_H)
    for role, text, bounds in rendering.drawn:
        # Half a pixel of slack for anti-aliased glyph edges.
        assert card.adjusted(-0.5, -0.5, 0.5, 0.5).contains(bounds), (role, text, bounds)
    badges = [text for role, text, _ in rendering.drawn if role == "badge"]
    expected = discount_percent(product.price, product.compare_at_price)
    if expected is None or product.stock == 0:
        assert badges == []
    else:
        digits = "".join(ch for ch in badges[0] if ch.isdigit())
        assert locale.toInt(locale.toString(expected))[0] == expected
        assert digits == "".join(ch for ch in locale.toString(expected) if ch.isdigit())
        # Recompute from the prices: the badge may round a saving down, never up.
        saved = (product.compare_at_price - product.price) / product.compare_at_price * 100
        assert expected <= saved < expected + 1


from studio.core.graphics.model import CommentData, LowerThirdData, PriceCalloutData, SlateData  # noqa: E402
from studio.core.graphics.renderers import render_graphic  # noqa: E402

OTHER_GRAPHICS = {
    "lower_third": (lambda text, money, currency: LowerThirdData(text, text[::-1]), 760, 130),
    "comment": (lambda text, money, currency: CommentData(text, text * 3, text[:5]), 640, 180),
    "callout": (lambda text, money, currency: PriceCalloutData(money, currency, text[:12]), 420, 200),
    "slate": (lambda text, money, currency: SlateData(text, text), 640, 360),
}


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(sorted(OTHER_GRAPHICS)), text=titles, price=money,
       currency=st.sampled_from(["USD", "EUR", "JPY", "INR"]))
def test_other_graphics_keep_any_text_inside_themselves(kind, text, price, currency, theme):
    make, width, height = OTHER_GRAPHICS[kind]
    (rendering,) = render_graphic(kind, make(text, price, currency), width, height, theme, show_locale("en_US"))
    for role, drawn, bounds in rendering.drawn:
        assert QRectF(0, 0, width, height).adjusted(-0.5, -0.5, 0.5, 0.5).contains(bounds), (kind, role, drawn, bounds)
