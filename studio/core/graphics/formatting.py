"""Prices, discounts and clock readouts as viewers read them, formatted by QLocale.

The show's locale decides separators and symbol placement ($298.00, 24,90 €);
the product's currency decides the symbol. Nothing here formats by hand.
"""

from __future__ import annotations

import threading
from collections import Counter
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from PySide6.QtCore import QLocale

MINUS_SIGN = "\u2212"
NARROW_NO_BREAK_SPACE = "\u202f"

# ISO 4217 currencies without minor units: Qt knows the digits only per locale,
# not per currency, and a yen price shown in an en_US show must not grow ".00".
_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "RWF"})

_symbols_lock = threading.Lock()
_symbols: dict[str, str] | None = None


def _symbols_by_iso_code() -> dict[str, str]:
    """The symbol most locales use for each currency (USD -> $, EUR -> €), from Qt's CLDR data."""
    global _symbols
    with _symbols_lock:
        if _symbols is None:
            votes: dict[str, Counter] = {}
            for locale in QLocale.matchingLocales(
                QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyCountry
            ):
                code = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
                symbol = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
                if code and symbol:
                    votes.setdefault(code, Counter())[symbol] += 1
            _symbols = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
        return _symbols


def currency_symbol(currency: str) -> str:
    return _symbols_by_iso_code().get(currency.upper(), currency.upper())


@lru_cache(maxsize=16)
def show_locale(locale_name: str) -> QLocale:
    return QLocale(locale_name)


def format_money(amount: Decimal, currency: str, locale: QLocale) -> str:
    precision = 0 if currency.upper() in _ZERO_DECIMAL_CURRENCIES else 2
    return locale.toCurrencyString(float(amount), currency_symbol(currency), precision)


def discount_percent(price: Decimal, compare_at_price: Decimal | None) -> int | None:
    """Whole percent saved against the compare-at price, or None when there is no saving to show.

    Rounded down: a badge may understate a saving, never overstate it (33.6 % reads −33 %).
    """
    if compare_at_price is None or compare_at_price <= 0 or price >= compare_at_price:
        return None
    saved = (compare_at_price - price) / compare_at_price * 100
    percent = int(saved.quantize(Decimal(1), rounding=ROUND_FLOOR))
    return percent if percent >= 1 else None


def format_discount_badge(percent: int, locale: QLocale) -> str:
    """`−33 %`: a true minus sign, and a space that never breaks the badge in two."""
    return f"{MINUS_SIGN}{locale.toString(percent)}{NARROW_NO_BREAK_SPACE}{locale.percent()}"


def format_clock(total_seconds: int, locale: QLocale) -> str:
    minutes, seconds = divmod(total_seconds, 60)
    hours, minutes = divmod(minutes, 60)
    two_digits = lambda value: locale.toString(value).rjust(2, locale.zeroDigit())  # noqa: E731
    if hours:
        return f"{locale.toString(hours)}:{two_digits(minutes)}:{two_digits(seconds)}"
    return f"{two_digits(minutes)}:{two_digits(seconds)}"
