"""Prices are decimals in the currency's own minor units; currencies are ISO 4217 codes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from studio.core.show.catalog import Catalog, find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.core.show.money import CURRENCY_MINOR_UNITS, check_currency, parse_price
from studio.errors import UserInputError
from tests.show.conftest import REPO


@pytest.mark.parametrize(
    ("raw", "currency", "expected"),
    [
        ("19.99", "USD", "19.99"),
        ("19.9", "USD", "19.9"),  # kept as typed, not padded
        ("19.990", "USD", "19.99"),  # trailing zeros past the minor unit are only noise
        (" 7 ", "USD", "7"),
        (1500, "JPY", "1500"),
        ("1.250", "KWD", "1.250"),
        (19.99, "EUR", "19.99"),  # a JSON number
        (Decimal("1E+2"), "USD", "100"),  # never scientific notation
        ("0", "USD", "0"),
    ],
)
def test_valid_prices_keep_what_the_producer_typed(raw, currency, expected):
    value = parse_price(raw, currency)
    assert str(value) == expected and value == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "currency", "message"),
    [
        ("1E+999999", "USD", "not a plain decimal number"),
        (Decimal("1E+999999"), "USD", "above the largest price"),
        ("1E-9", "USD", "not a plain decimal number"),
        (Decimal("1E-9"), "USD", "more decimal places than USD has (2)"),
        ("1_000", "USD", "not a plain decimal number"),
        ("1,000", "USD", "without thousands separators"),
        ("$19", "USD", "without currency signs"),
        ("12.5", "JPY", "more decimal places than JPY has (0)"),
        ("1.2345", "KWD", "more decimal places than KWD has (3)"),
        ("inf", "USD", "not a plain decimal number"),
        (float("nan"), "USD", "not a finite number"),
        (float("inf"), "USD", "not a finite number"),
        ("-5", "USD", "cannot be negative"),
        (True, "USD", "not a number"),
        ([], "USD", "not a number"),
        ("1000000000000", "USD", "above the largest price"),
        ("", "USD", "required"),
    ],
)
def test_bad_prices_are_refused_naming_what(raw, currency, message):
    with pytest.raises(UserInputError, match=re.escape(message)) as caught:
        parse_price(raw, currency, what="compare-at price")
    assert str(caught.value).startswith("compare-at price")


@pytest.mark.parametrize("code", ["us dollars", "XYZ", "", "US", "usdd", "XAU"])
def test_unknown_currencies_are_refused(code):
    with pytest.raises(UserInputError, match="ISO 4217"):
        check_currency(code)


def test_currency_codes_are_normalised_and_table_is_sane():
    assert check_currency(" usd ") == "USD"
    assert (CURRENCY_MINOR_UNITS["JPY"], CURRENCY_MINOR_UNITS["USD"], CURRENCY_MINOR_UNITS["KWD"]) == (0, 2, 3)
    assert all(len(code) == 3 and code.isupper() for code in CURRENCY_MINOR_UNITS)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("price", ["1E+999999", "1_000", "1E-9", "inf", "12.345"])
def test_every_importer_applies_the_same_price_rules(db, tmp_path, price):
    plain = write(tmp_path, "plain.csv", f"sku,title,price\nA1,Lamp,{price}\n")
    shopify = write(tmp_path, "shop.csv", f"Handle,Title,Variant SKU,Variant Price\nlamp,Lamp,A1,{price}\n")
    ours = write(tmp_path, "ours.json",
                 '{"products": [{"handle": "lamp", "title": "Lamp", "variants": [{"sku": "A1", "price": "%s"}]}]}' % price)
    for source in (plain, shopify, ours):
        parsed = load_catalog(source)
        with pytest.raises(UserInputError, match="(?i)price"):
            apply_import(db, parsed, None)
    assert find_variant(db, "A1") is None


def test_currency_is_checked_in_files_and_options(db, tmp_path):
    plain = write(tmp_path, "plain.csv", "sku,title,price,currency\nA1,Lamp,10,XYZ\n")
    with pytest.raises(UserInputError, match="ISO 4217"):
        apply_import(db, load_catalog(plain), None)
    ours = write(tmp_path, "ours.json",
                 '{"currency": "us dollars", "products": [{"handle": "l", "title": "L", "variants": [{"sku": "A1", "price": 1}]}]}')
    with pytest.raises(UserInputError, match="ISO 4217"):
        apply_import(db, load_catalog(ours), None)
    ok = write(tmp_path, "ok.csv", "sku,title,price\nA1,Lamp,10\n")
    with pytest.raises(UserInputError, match="ISO 4217"):
        load_catalog(ok, currency="us dollars")
    yen = write(tmp_path, "yen.csv", "sku,title,price\nA1,Lamp,10.5\n")
    with pytest.raises(UserInputError, match="more decimal places than JPY has"):
        apply_import(db, load_catalog(yen, currency="jpy"), None)


def test_set_price_uses_the_variants_currency(db, cli):
    apply_import(db, load_catalog(str(REPO / "assets" / "demo_catalog.json")), None)
    catalog = Catalog(db)
    for bad in ("1E+999999", "1_000", "1E-9", "0.001", True, float("inf")):
        with pytest.raises(UserInputError, match="(?i)price"):
            catalog.edit_price("HP-NC-BLK", bad)
    assert catalog.edit_price("HP-NC-BLK", 99.5).price == Decimal("99.5")  # a control API number
    code, out, err = cli("catalog", "set-price", "HP-NC-BLK", "1E+999999")
    assert code == 2 and "price" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("catalog", "import", "x.csv", "--currency", "us dollars")
    assert code == 2 and "--currency" in err and "ISO 4217" in err


def test_listing_never_shows_scientific_notation(db, cli):
    apply_import(db, load_catalog(str(REPO / "assets" / "demo_catalog.json")), None)
    db.execute("UPDATE variants SET price = '1.2E+2' WHERE sku = 'HP-NC-BLK'")  # an older database
    db.conn.commit()
    code, out, _ = cli("catalog", "list")
    assert code == 0 and "E+" not in out and " 120 " in out
    code, out, _ = cli("catalog", "list", "--json")
    assert "E+" not in out


@pytest.mark.parametrize("price", ["1E+999999", "1_000", "1E-9", 1e-9, "12.345"])
def test_storefront_prices_follow_the_same_rules(http_server, db, price):
    from tests.show.test_http_import import serve_pages, storefront_product

    serve_pages(http_server, [[storefront_product("lamp", "LAMP-1", None, price=price)]])
    with pytest.raises(UserInputError, match=r"variants\[0\]\.price"):
        apply_import(db, load_catalog(http_server.url), None)
    assert find_variant(db, "LAMP-1") is None
