"""Pure checks for what a producer types into the catalog: (value, None) or (None, message).

No dialogs here: the model refuses the edit and the panel shows the message. The
engine checks again (studio.core.show.money on wt/catalog) before anything is saved;
this is the immediate feedback, in the same words.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

MAX_PRICE = Decimal("1000000")
MAX_STOCK = 10_000_000
# ISO 4217 minor units that are not 2 (the rest of the world uses cents).
MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "HUF": 2, "BHD": 3, "KWD": 3, "OMR": 3,
               "TND": 3, "JOD": 3}


def check_price(text: str, currency: str, what: str = "price",
                decimal_point: str = ".") -> tuple[Decimal | None, str | None]:
    """`decimal_point`: the user's locale's (`,` in fr_FR/de_DE): `129,50` is then read as 129.50. A dot is
    always read as the decimal point too, so a price copied from a file works in every locale."""
    cleaned = str(text).strip()
    if decimal_point != "." and decimal_point in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(decimal_point, ".", 1)
    try:
        price = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None, f"{what}: {cleaned!r} is not a number (use a dot for decimals, e.g. 19.99)"
    if not price.is_finite():
        return None, f"{what}: {cleaned!r} is not a number"
    if price < 0:
        return None, f"{what}: {cleaned} is negative"
    if price > MAX_PRICE:
        return None, f"{what}: {cleaned} is more than {MAX_PRICE}"
    units = MINOR_UNITS.get(currency.upper(), 2)
    exponent = price.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > units:
        return None, f"{what}: {cleaned} has more than {units} decimals for {currency.upper()}"
    return price.quantize(Decimal(1).scaleb(-units)), None


def check_stock(text: str, what: str = "stock") -> tuple[int | None, str | None]:
    cleaned = str(text).strip()
    if not cleaned.lstrip("-").isdigit():
        return None, f"{what}: {cleaned!r} is not a whole number"
    stock = int(cleaned)
    if stock < 0:
        return None, f"{what}: {stock} is negative"
    if stock > MAX_STOCK:
        return None, f"{what}: {stock} is more than {MAX_STOCK}"
    return stock, None


MAX_SEGMENT_S = 24 * 3600


def check_duration(text: str, what: str = "duration") -> tuple[float | None, str | None]:
    """A segment's planned length as typed: `90`, `1:30`, `2m`, `45s` or `1:02:00`."""
    cleaned = str(text).strip().lower()
    try:
        if ":" in cleaned:
            parts = [float(part) for part in cleaned.split(":")]
            if len(parts) > 3 or any(part < 0 for part in parts):
                raise ValueError
            seconds = 0.0
            for part in parts:
                seconds = seconds * 60 + part
        elif cleaned.endswith("m"):
            seconds = float(cleaned[:-1]) * 60
        else:
            seconds = float(cleaned.removesuffix("s"))
    except ValueError:
        return None, f"{what}: {text.strip()!r} is not a length (type 90, 1:30 or 2m)"
    if not 0 < seconds <= MAX_SEGMENT_S:
        return None, f"{what}: must be more than 0 s and at most 24 h"
    return seconds, None
