from decimal import Decimal

import pytest

from studio.core.graphics.countdown_clock import countdown_seconds_shown
from studio.core.graphics.formatting import (
    discount_percent,
    format_clock,
    format_discount_badge,
    format_money,
    show_locale,
)


@pytest.mark.parametrize(
    ("amount", "currency", "locale_name", "expected"),
    [
        ("298", "USD", "en_US", "$298.00"),
        ("24.9", "EUR", "de_DE", "24,90\u00a0€"),
        ("1234.5", "EUR", "fr_FR", "1\u202f234,50\u00a0€"),
        ("1500", "JPY", "en_US", "¥1,500"),
        ("19.99", "GBP", "en_GB", "£19.99"),
    ],
)
def test_money_follows_show_locale_and_product_currency(amount, currency, locale_name, expected):
    assert format_money(Decimal(amount), currency, show_locale(locale_name)) == expected


def test_discount_is_rounded_down_so_a_badge_never_overstates_a_saving():
    assert discount_percent(Decimal("298.00"), Decimal("449.00")) == 33
    assert discount_percent(Decimal("50"), Decimal("100")) == 50


@pytest.mark.parametrize(("price", "compare_at"), [("10", None), ("10", "10"), ("12", "10"), ("10", "0"), ("99.99", "100")])
def test_no_discount_without_a_real_saving(price, compare_at):
    assert discount_percent(Decimal(price), Decimal(compare_at) if compare_at else None) is None


def test_badge_uses_a_true_minus_sign_and_an_unbreakable_space():
    assert format_discount_badge(33, show_locale("en_US")) == "\u221233\u202f%"


def test_countdown_reads_whole_seconds_rounded_up():
    assert countdown_seconds_shown(300.0) == 300
    assert countdown_seconds_shown(299.01) == 300
    assert countdown_seconds_shown(299.0) == 299
    assert countdown_seconds_shown(0.001) == 1
    assert countdown_seconds_shown(0.0) == 0
    assert countdown_seconds_shown(-5) == 0


def test_clock_readout():
    locale = show_locale("en_US")
    assert format_clock(299, locale) == "04:59"
    assert format_clock(5, locale) == "00:05"
    assert format_clock(3725, locale) == "1:02:05"
