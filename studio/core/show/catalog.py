"""The catalog as the show uses it: look up a variant, edit price or stock live.

Edits are validated, committed, then announced to listeners (the engine's card
layer) with the new snapshot, so the on-air card redraws on the next frame.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlite_utils

from studio.core.show.db import transaction
from studio.core.show.money import parse_price
from studio.core.show.records import MAX_STOCK
from studio.errors import UserInputError

log = logging.getLogger(__name__)

_SNAPSHOT_SQL = """
SELECT v.sku, v.options, v.price, v.compare_at_price, v.currency, v.stock, v.image_source, v.low_stock_threshold,
       p.handle, p.title, p.url, p.status, images.path AS image_path
FROM variants v
JOIN products p ON p.id = v.product_id
LEFT JOIN images ON images.source = v.image_source
"""


@dataclass(frozen=True)
class VariantSnapshot:
    """Everything a product card shows, as it is right now."""

    sku: str
    product_handle: str
    title: str
    variant_title: str  # "Brown / M"; empty for a product without options
    options: tuple[str, ...]
    price: Decimal
    compare_at_price: Decimal | None
    currency: str
    stock: int | None  # None: the source did not say (a storefront import)
    image_path: Path | None  # None: no image or it failed to import; draw a placeholder
    product_url: str | None
    status: str
    low_stock_threshold: int | None = None   # None: the studio's default (studio orders threshold sets it)


ChangeListener = Callable[[VariantSnapshot, str], None]


def find_variant(db: sqlite_utils.Database, sku: str) -> VariantSnapshot | None:
    row = next(db.query(_SNAPSHOT_SQL + " WHERE v.sku = ?", [sku]), None)
    return None if row is None else _snapshot(row)


def get_variant(db: sqlite_utils.Database, sku: str) -> VariantSnapshot:
    snapshot = find_variant(db, sku)
    if snapshot is None:
        raise UserInputError(f"no variant with SKU {sku!r} in the catalog")
    return snapshot


def _snapshot(row: dict) -> VariantSnapshot:
    options = tuple(json.loads(row["options"]))
    image = Path(row["image_path"]) if row["image_path"] and Path(row["image_path"]).exists() else None
    return VariantSnapshot(
        sku=row["sku"],
        product_handle=row["handle"],
        title=row["title"],
        variant_title=" / ".join(options),
        options=options,
        price=Decimal(row["price"]),
        compare_at_price=Decimal(row["compare_at_price"]) if row["compare_at_price"] else None,
        currency=row["currency"],
        stock=row["stock"],
        image_path=image,
        product_url=row["url"],
        status=row["status"],
        low_stock_threshold=row["low_stock_threshold"],
    )


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


class Catalog:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._listeners: list[ChangeListener] = []

    def add_listener(self, listener: ChangeListener) -> None:
        """`listener(snapshot, field)` runs after each committed edit; field is "price" or "stock"."""
        self._listeners.append(listener)

    def variant(self, sku: str) -> VariantSnapshot:
        return get_variant(self.db, sku)

    def edit_price(
        self, sku: str, price: object, compare_at: object = KEEP
    ) -> VariantSnapshot:
        """Set the price (and compare-at price; None or "" clears it, KEEP leaves it).

        Prices follow `money.parse_price` in the variant's currency: a decimal string
        or a number, as the producer typed it (the control API sends either).
        """
        current = self.variant(sku)
        new_price = parse_price(price, current.currency, "price")
        new_compare = current.compare_at_price if isinstance(compare_at, _Keep) else compare_at
        if new_compare is not None and new_compare != "":
            new_compare = parse_price(new_compare, current.currency, "compare-at price")
            if new_compare <= new_price:
                raise UserInputError(
                    f"{sku}: compare-at price {new_compare} must be higher than the price {new_price}"
                )
        else:
            new_compare = None
        with transaction(self.db):
            self.db["variants"].update(
                sku, {"price": str(new_price), "compare_at_price": None if new_compare is None else str(new_compare)}
            )
        return self._announce(sku, "price")

    def edit_stock(self, sku: str, stock: int) -> VariantSnapshot:
        self.variant(sku)
        if isinstance(stock, bool) or not isinstance(stock, int) or not 0 <= stock <= MAX_STOCK:
            raise UserInputError(f"{sku}: stock must be a whole number from 0 to {MAX_STOCK:,}, not {stock!r}")
        with transaction(self.db):
            self.db["variants"].update(sku, {"stock": stock})
        return self._announce(sku, "stock")

    def take_from_stock(self, sku: str, quantity: int) -> VariantSnapshot:
        """Sold: `quantity` off the stock in one statement, so two orders at once both count; never below 0,
        and a variant whose stock is not tracked (None) stays untracked."""
        self.variant(sku)
        with transaction(self.db):
            self.db.execute("UPDATE variants SET stock = MAX(0, stock - ?) WHERE sku = ? AND stock IS NOT NULL",
                            [int(quantity), sku])
        return self._announce(sku, "stock")

    def _announce(self, sku: str, field: str) -> VariantSnapshot:
        snapshot = self.variant(sku)
        for listener in list(self._listeners):
            try:
                listener(snapshot, field)
            except Exception:  # a broken listener must not undo a committed edit
                log.exception("catalog listener failed after editing %s of %s", field, sku)
        return snapshot


def list_catalog(db: sqlite_utils.Database) -> list[dict]:
    """Every product with its variants, in handle order, as plain data."""
    products = []
    for product in db.query("SELECT * FROM products ORDER BY handle"):
        product = dict(product)
        product["tags"] = json.loads(product["tags"])
        product["talking_points"] = json.loads(product["talking_points"])
        product["variants"] = [
            {**variant, "options": json.loads(variant["options"])}
            for variant in db.query(
                "SELECT v.*, images.path AS image_path FROM variants v "
                "LEFT JOIN images ON images.source = v.image_source "
                "WHERE product_id = ? ORDER BY position, sku",
                [product["id"]],
            )
        ]
        products.append(product)
    return products
