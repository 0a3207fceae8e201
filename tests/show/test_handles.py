"""Products are told apart by handle: distinct titles never share one (issue 13.6)."""

from __future__ import annotations

import pytest

from studio.core.show.catalog import find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.core.show.records import slugify
from studio.errors import UserInputError


def plain_csv(tmp_path, rows: str) -> str:
    path = tmp_path / "catalog.csv"
    path.write_text("sku,title,price\n" + rows, encoding="utf-8")
    return str(path)


def test_titles_without_ascii_letters_stay_separate_products(db, tmp_path):
    source = plain_csv(tmp_path, "C1,电视机,100\nC2,冰箱,200\nC3,🔥🔥,300\nC4,🔥🔥🔥,400\nC5,Телевизор,500\nC6,ثلاجة,600\n")
    summary = apply_import(db, load_catalog(source), None)
    assert summary.products == 6
    titles = {sku: find_variant(db, sku).title for sku in ("C1", "C2", "C3", "C4", "C5", "C6")}
    assert titles == {"C1": "电视机", "C2": "冰箱", "C3": "🔥🔥", "C4": "🔥🔥🔥", "C5": "Телевизор", "C6": "ثلاجة"}
    assert len({find_variant(db, sku).product_handle for sku in titles}) == 6
    # A later import of one of them renames nothing else.
    apply_import(db, load_catalog(plain_csv(tmp_path, "C7,冰箱,250\n")), None)
    assert find_variant(db, "C1").title == "电视机" and find_variant(db, "C7").product_handle == find_variant(db, "C2").product_handle


def test_same_title_rows_are_variants_of_one_product(db, tmp_path):
    apply_import(db, load_catalog(plain_csv(tmp_path, "A1,冰箱,100\nA2,冰箱,120\n")), None)
    assert find_variant(db, "A1").product_handle == find_variant(db, "A2").product_handle


def test_different_titles_that_slug_alike_are_an_error_naming_both_rows(db, tmp_path):
    source = plain_csv(tmp_path, "A1,Red Shirt,10\nA2,red shirt!,12\n")
    with pytest.raises(UserInputError) as caught:
        apply_import(db, load_catalog(source), None)
    message = str(caught.value)
    assert "line 3" in message and "line 2" in message and "Red Shirt" in message and "red shirt!" in message
    assert find_variant(db, "A1") is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Classic Hoodie", "classic-hoodie"), ("电视机", "电视机"), ("Café Crème", "café-crème"), ("ＴＶ　55", "tv-55")],
)
def test_handles_are_unicode_aware(title, expected):
    assert slugify(title) == expected


def test_titles_with_no_letters_get_distinct_stable_handles():
    assert slugify("🔥🔥") != slugify("🔥🔥🔥")
    assert slugify("🔥🔥") == slugify("🔥🔥") and slugify("🔥🔥").startswith("product-")
    assert slugify("!!!") != slugify("???")
