"""Live price and stock edits: validated, committed, announced to the on-air card."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.core.show.catalog import KEEP, Catalog, find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.errors import UserInputError
from tests.show.conftest import REPO


@pytest.fixture
def catalog(db):
    apply_import(db, load_catalog(str(REPO / "assets" / "demo_catalog.json")), None)
    return Catalog(db)


def test_edits_reach_listeners_with_the_new_snapshot(catalog, db):
    heard = []
    catalog.add_listener(lambda snapshot, field: heard.append((field, snapshot.price, snapshot.stock)))
    snapshot = catalog.edit_price("HP-NC-BLK", "99.00")
    assert snapshot.price == Decimal("99.00") and snapshot.compare_at_price == Decimal("199.00")  # kept
    catalog.edit_stock("HP-NC-BLK", 1)
    assert heard == [("price", Decimal("99.00"), 3), ("stock", Decimal("99.00"), 1)]
    assert find_variant(db, "HP-NC-BLK").stock == 1  # committed


@pytest.mark.parametrize(
    ("price", "compare_at", "message"),
    [
        ("-1", KEEP, "cannot be negative"),
        ("250", KEEP, "must be higher than the price 250"),
        ("100", "100", "must be higher"),
        ("abc", None, "not a plain decimal number"),
        ("NaN", None, "not a plain decimal number"),
    ],
)
def test_invalid_price_edits_change_nothing(catalog, db, price, compare_at, message):
    heard = []
    catalog.add_listener(lambda snapshot, field: heard.append(field))
    with pytest.raises(UserInputError, match=message):
        catalog.edit_price("HP-NC-BLK", price, compare_at)
    assert find_variant(db, "HP-NC-BLK").price == Decimal("129.00") and heard == []


def test_invalid_stock_and_unknown_sku(catalog):
    with pytest.raises(UserInputError, match="whole number from 0 to"):
        catalog.edit_stock("HP-NC-BLK", -3)
    with pytest.raises(UserInputError, match="no variant with SKU 'X'"):
        catalog.edit_stock("X", 3)


def test_a_broken_listener_does_not_undo_the_edit(catalog, db):
    catalog.add_listener(lambda snapshot, field: 1 / 0)
    catalog.edit_price("HP-NC-BLK", "120", None)
    snapshot = find_variant(db, "HP-NC-BLK")
    assert snapshot.price == Decimal("120") and snapshot.compare_at_price is None
