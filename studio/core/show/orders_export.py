"""A Shopify orders export (CSV), read as order lines with their creation time in UTC.

Columns used: `Name`, `Created at` (local time with its UTC offset, `2026-12-04 19:03:12 -0500`),
`Lineitem sku`, `Lineitem quantity`, `Lineitem price` (per unit), `Currency`, `Cancelled at`; the rest
are ignored. Shopify fills an order's own columns on its first line only: later lines of the same
`Name` take them from it.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from studio.errors import UserInputError

REQUIRED = ("Name", "Created at", "Lineitem sku", "Lineitem quantity", "Lineitem price", "Currency", "Cancelled at")
_ORDER_COLUMNS = ("Created at", "Currency", "Cancelled at")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z")


@dataclass(frozen=True)
class OrderLine:
    order: str
    created_at: dt.datetime        # aware, UTC
    sku: str
    quantity: int
    unit_price: Decimal
    currency: str
    cancelled: bool

    @property
    def revenue(self) -> Decimal:
        return self.unit_price * self.quantity


def parse_time(text: str, where: str) -> dt.datetime:
    text = text.strip()
    for form in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, form).astimezone(dt.timezone.utc)
        except ValueError:
            pass
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise UserInputError(f"{where}: {text!r} is not a time with its UTC offset (e.g. 2026-12-04 19:03:12 -0500)")
    return moment.astimezone(dt.timezone.utc)


def read_orders(path: str | Path) -> list[OrderLine]:
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
            if missing:
                raise UserInputError(f"{path}: not a Shopify orders export (no column {', '.join(missing)})")
            return _lines(path, reader)
    except OSError as error:
        raise UserInputError(f"{path}: cannot read ({error.strerror})") from None


def _lines(path: Path, reader: csv.DictReader) -> list[OrderLine]:
    lines: list[OrderLine] = []
    orders: dict[str, dict[str, str]] = {}
    for row in reader:
        where = f"{path}:{reader.line_num}"
        name = (row["Name"] or "").strip()
        if not name:
            continue
        own = orders.setdefault(name, {})
        for column in _ORDER_COLUMNS:             # Shopify: an order's columns on its first line only
            if (row[column] or "").strip():
                own.setdefault(column, row[column].strip())
        sku = (row["Lineitem sku"] or "").strip()
        if not sku:
            continue                              # a line without a SKU cannot be matched to what aired
        if "Created at" not in own or "Currency" not in own:
            raise UserInputError(f"{where}: order {name} has no `Created at` or `Currency` on its first line")
        try:
            quantity = int(row["Lineitem quantity"])
            price = Decimal(row["Lineitem price"].strip())
        except (ValueError, InvalidOperation, AttributeError):
            raise UserInputError(f"{where}: order {name}: quantity {row['Lineitem quantity']!r} or price "
                                 f"{row['Lineitem price']!r} is not a number") from None
        lines.append(OrderLine(name, parse_time(own["Created at"], where), sku, quantity, price,
                               own["Currency"].upper(), bool(own.get("Cancelled at"))))
    return lines
