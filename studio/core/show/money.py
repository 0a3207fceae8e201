"""Prices and currencies: one set of rules wherever a price enters the studio.

A price is a `Decimal` written in plain notation, finite, from 0 up to (not
including) `MAX_PRICE`, with no more decimal places than its currency has minor
units (JPY 0, USD 2, KWD 3). Every importer, `catalog set-price` and the control
API call `parse_price`; a currency is always checked with `check_currency`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from studio.errors import UserInputError

# ISO 4217 active codes and their minor units, from "List one: Current currency & funds
# code list" published by the ISO 4217 maintenance agency (SIX Group), amendment 177 (2024).
# Precious metals, testing and "no currency" codes (XAU, XTS, XXX...) have no minor unit
# and are not prices, so they are left out.
_CODES_BY_MINOR_UNITS = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP "
        "BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD "
        "FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD "
        "KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD "
        "NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP "
        "SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS "
        "VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
    ),
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
CURRENCY_MINOR_UNITS: dict[str, int] = {
    code: units for units, codes in _CODES_BY_MINOR_UNITS.items() for code in codes.split()
}

# Prices at or above this are typing accidents, not merchandise (10^12 covers a
# car priced in Iranian rial or Vietnamese dong).
MAX_PRICE = Decimal(10) ** 12

_PLAIN_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


class PriceError(UserInputError):
    """A price that breaks the rules; `reason` is the message without the value."""

    def __init__(self, what: str, raw: object, reason: str):
        self.reason = reason
        super().__init__(f"{what} {raw!r}: {reason}")


def check_currency(code: object, what: str = "currency") -> str:
    """The ISO 4217 code, upper-cased; anything else is refused naming `what`."""
    normalised = code.strip().upper() if isinstance(code, str) else ""
    if normalised not in CURRENCY_MINOR_UNITS:
        raise UserInputError(f"{what} {code!r}: not an ISO 4217 currency code (for example USD, EUR, JPY, GBP)")
    return normalised


def minor_units(currency: str) -> int:
    return CURRENCY_MINOR_UNITS[check_currency(currency)]


def parse_price(text_or_number: object, currency: str, what: str = "price") -> Decimal:
    """A valid price in `currency`, as the producer wrote it (19.9 stays 19.9)."""
    value = _as_decimal(text_or_number, what)
    if value < 0:
        raise PriceError(what, text_or_number, "a price cannot be negative")
    if value >= MAX_PRICE:
        raise PriceError(what, text_or_number, f"above the largest price the studio accepts ({MAX_PRICE:,})")
    units = minor_units(currency)
    exponent = value.as_tuple().exponent
    if exponent > 0 or value.is_zero():
        return value.quantize(Decimal(1)).copy_abs()  # 1E+2 -> 100, -0 -> 0
    if -exponent > units:
        step = Decimal(1).scaleb(-units)
        if value != value.quantize(step):
            raise PriceError(what, text_or_number, f"more decimal places than {currency.upper()} has ({units})")
        value = value.quantize(step)  # 19.990 -> 19.99: the extra zeros say nothing
    return value


def plain(value: Decimal | str) -> str:
    """A stored price in plain notation (older databases may hold 1.2E+2)."""
    return format(Decimal(value), "f")


def _as_decimal(raw: object, what: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise PriceError(what, raw, "not a number")
    if isinstance(raw, (float, Decimal)):
        try:
            value = Decimal(repr(raw)) if isinstance(raw, float) else raw
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise PriceError(what, raw, "not a finite number")
        return value
    if isinstance(raw, int):
        return Decimal(raw)
    text = raw.strip()
    if not text:
        raise PriceError(what, raw, "a price is required")
    if _PLAIN_DECIMAL.fullmatch(text.removeprefix("-")):
        return Decimal(text)
    raise PriceError(what, raw, _why_not_plain(text))


def _why_not_plain(text: str) -> str:
    if any(unicodedata.category(char) == "Sc" for char in text):
        return "write prices without currency signs, like 19.99"
    if "," in text:
        return "write prices with a dot for decimals and without thousands separators, like 1000.50"
    return "not a plain decimal number (write prices like 19.99)"
