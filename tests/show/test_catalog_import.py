"""Catalog imports from files: Shopify CSV quirks, plain CSV, our JSON; all-or-nothing and idempotent."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from studio.core.show.catalog import find_variant, list_catalog
from studio.core.show.catalog_store import apply_import, image_cache_for
from studio.core.show.importers import load_catalog
from studio.core.show.records import CatalogImportError
from tests.show.conftest import FIXTURES, REPO

SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,"
    "Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Status\n"
)


def shopify_file(tmp_path: Path, image_base: str = "http://127.0.0.1:9/none") -> Path:
    text = (FIXTURES / "shopify_products.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "products_export.csv"
    path.write_text(text.replace("IMG_BASE", image_base), encoding="utf-8-sig")
    return path


def import_file(db, path: Path, images=None, **options):
    return apply_import(db, load_catalog(str(path), **options), images)


def test_shopify_export_with_every_quirk(db, tmp_path):
    summary = import_file(db, shopify_file(tmp_path), store_url="https://shop.example/")

    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    products = {product["handle"]: product for product in list_catalog(db)}
    assert set(products) == {"hoodie-classic", "kettle-steel", "mug"}

    hoodie = products["hoodie-classic"]
    assert hoodie["title"] == 'Classic "Heavy" Hoodie, Brown'  # doubled quotes and a comma
    assert hoodie["description"] == 'Warm & soft, "really".\n• Brushed fleece\n• Sizes XS–3XL'  # HTML, newline, script
    assert hoodie["tags"] == ["apparel", "winter"]
    assert hoodie["url"] == "https://shop.example/products/hoodie-classic"
    assert [v["sku"] for v in hoodie["variants"]] == ["HOOD-BRN-M", "HOOD-BRN-L"]

    large = find_variant(db, "HOOD-BRN-L")
    assert large.title == hoodie["title"]  # variant-only row inherits the product's fields
    assert large.options == ("Brown", "L") and large.variant_title == "Brown / L"
    assert large.price == Decimal("41.00") and large.compare_at_price == Decimal("59.00")
    assert large.stock == 0  # Shopify's oversold -2
    assert large.currency == "USD"
    # The image-only row is an image, not a variant; the variant keeps its own image.
    assert hoodie["variants"][1]["image_source"].endswith("/hoodie-l.png")
    assert hoodie["variants"][0]["image_source"].endswith("/hoodie.png")

    kettle = find_variant(db, "KET-STEEL")
    assert kettle.status == "draft"  # kept, but marked
    assert kettle.options == () and kettle.compare_at_price is None
    mug = next(iter(products["mug"]["variants"]))
    assert mug["sku"] == "mug"  # no SKU in the export: a stable stand-in
    assert mug["compare_at_price"] is None  # equal to the price: no strike-through
    assert any("no SKU" in warning for warning in summary.warnings)


def test_reimport_is_idempotent_and_reports_updates(db, tmp_path):
    path = shopify_file(tmp_path)
    import_file(db, path)
    again = import_file(db, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)

    path.write_text(path.read_text(encoding="utf-8-sig").replace(",41.00,", ",44.00,"), encoding="utf-8-sig")
    changed = import_file(db, path)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    assert find_variant(db, "HOOD-BRN-L").price == Decimal("44.00")


def test_bad_shopify_rows_are_all_reported_and_nothing_is_imported(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        SHOPIFY_HEADER
        + 'good,Good,"<p>two\nlines</p>",V,T,,Title,Default Title,GOOD-1,3,10.00,,,active\n'  # lines 2-3
        + "neg,Negative,,V,T,,Title,Default Title,NEG-1,3,-5.00,,,active\n"  # line 4
        + "word,Word,,V,T,,Title,Default Title,WORD-1,lots,abc,,,active\n"  # line 5
        + ",Orphan,,V,T,,Title,Default Title,ORPHAN-1,1,1.00,,,active\n"  # line 6
        + "dup,Dup,,V,T,,Title,Default Title,GOOD-1,1,1.00,,,active\n"  # line 7
        + "odd,Odd,,V,T,,Title,Default Title,ODD-1,1,1.00,,,published\n",  # line 8
        encoding="utf-8",
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(db, path)
    found = {(p.line, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (4, "Variant Price", "-5.00"),
        (5, "Variant Inventory Qty", "lots"),
        (5, "Variant Price", "abc"),
        (6, "Handle", ""),
        (7, "sku", "GOOD-1"),
        (8, "Status", "published"),
    }
    message = str(caught.value)
    assert "nothing was imported" in message and "line 4, column 'Variant Price', value '-5.00'" in message
    assert list_catalog(db) == []


def test_shopify_header_without_price_column_is_refused(db, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Handle,Title,Variant SKU\nx,X,X-1\n", encoding="utf-8")
    with pytest.raises(CatalogImportError, match="line 1, column 'Variant Price'"):
        import_file(db, path)


def test_plain_csv_with_aliases_map_and_url(db, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "SKU,Name,Retail,Compare at price,Qty,Image URL,Product URL,Options,Talking Points,Colour code\n"
        "MUG-R,Mug,12.50,15,4,,https://elsewhere.example/mug,Red,Holds 350 ml|Dishwasher safe,#f00\n"
        "MUG-B,Mug,12.50,,7,,,Blue,,#00f\n"
        "CAP,Cap,9,,,,,,,\n",
        encoding="utf-8",
    )
    summary = import_file(db, path, store_url="https://shop.example", column_map={"Retail": "price"})
    assert (summary.created, summary.products) == (4 - 1, 2)
    assert any("Colour code" in warning for warning in summary.warnings)
    mug = find_variant(db, "MUG-B")
    assert mug.options == ("Blue",) and mug.stock == 7 and mug.product_url == "https://elsewhere.example/mug"
    assert find_variant(db, "CAP").product_url == "https://shop.example/products/cap"
    products = {p["handle"]: p for p in list_catalog(db)}
    assert products["mug"]["talking_points"] == ["Holds 350 ml", "Dishwasher safe"]


def test_plain_csv_reports_every_bad_row(db, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "sku,title,price,compare_at_price,stock,currency\n"
        ",No SKU,1,,,\n"
        "A,A,1,,-,\n"
        "B,B,1,,,dollars\n"
        "C,,1,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(db, path)
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (2, "sku"), (3, "stock"), (4, "currency"), (5, "title"),
    ]


def test_demo_json_catalog_imports_with_cached_images(db, db_path):
    summary = import_file(db, REPO / "assets" / "demo_catalog.json", images=image_cache_for(db_path))
    assert (summary.created, summary.products, summary.warnings) == (6, 5, [])
    tv = find_variant(db, "TV-55-4K")
    assert tv.product_url == "https://demo-shop.example/products/tv-55-4k"
    assert tv.image_path is not None and tv.image_path.is_relative_to(db_path.parent / "image-cache")
    # Content-addressed: both hoodie sizes share one picture, so one file.
    assert find_variant(db, "HOOD-BRN-M").image_path == find_variant(db, "HOOD-BRN-L").image_path


def test_our_json_export_round_trips(cli, db, db_path, tmp_path):
    import_file(db, shopify_file(tmp_path), store_url="https://shop.example")
    code, exported, _ = cli("catalog", "list", "--json")
    assert code == 0
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")

    from studio.core.show.db import open_database

    other = open_database(tmp_path / "other.db")
    import_file(other, path)
    assert _comparable(list_catalog(other)) == _comparable(list_catalog(db))
    again = import_file(db, path)
    assert (again.created, again.updated) == (0, 0)


def _comparable(products: list[dict]) -> list:
    return [
        ({k: v for k, v in p.items() if k not in ("id", "variants")},
         [{k: v for k, v in variant.items() if k not in ("product_id", "image_path")} for variant in p["variants"]])
        for p in products
    ]


def test_json_problems_are_located_by_path(db, tmp_path):
    path = tmp_path / "c.json"
    path.write_text(
        json.dumps({"products": [
            {"handle": "a", "title": "A", "variants": [{"sku": "A1", "price": "-1"}]},
            {"handle": "b", "title": "B", "variants": []},
            {"handle": "a", "title": "A again", "variants": [{"sku": "A2", "price": 3, "stock": "x"}]},
        ]}),
        encoding="utf-8",
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(db, path)
    assert {p.column for p in caught.value.problems} == {
        "products[0].variants[0].price", "products[1].variants", "products[2].handle", "products[2].variants[0].stock",
    }
    path.write_text('{"products": [\n  {"handle": }\n]}', encoding="utf-8")
    with pytest.raises(CatalogImportError, match="line 2"):
        import_file(db, path)


def test_unreadable_sources_are_user_errors(db, tmp_path):
    from studio.errors import UserInputError

    with pytest.raises(UserInputError, match="no such file"):
        load_catalog(str(tmp_path / "missing.csv"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("sku,title,price\nA,Caf\xe9,1\n".encode("latin-1"))
    with pytest.raises(UserInputError, match="not UTF-8"):
        load_catalog(str(latin))
    with pytest.raises(UserInputError, match="unknown catalog format"):
        load_catalog(str(REPO / "assets" / "products" / "tv-55-4k.png"))
