"""Odd input is one clear line naming file, row and field, never a traceback (issues 14.6, 14.7)."""

from __future__ import annotations

import json

import pytest

from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.errors import UserInputError
from tests.show.test_http_import import serve_pages, storefront_product


def one_line_error(cli, *args) -> str:
    code, out, err = cli(*args)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"variants": ["oops"]}, "variants[0]", "expected an object, not text"),
        ({"body_html": 123}, "body_html", "expected text, not a number"),
        ({"images": 5}, "images", "expected a list of objects, not a number"),
        ({"variants": {"a": 1}}, "variants", "expected a list of objects, not an object"),
        ({"title": ["x"]}, "title", "expected text, not a list"),
        ({"tags": [1, 2]}, "tags", "expected a list of text"),
    ],
)
def test_storefront_json_with_odd_types(http_server, db, change, field, expected):
    product = {**storefront_product("lamp", "LAMP-1", None), **change}
    serve_pages(http_server, [[product]])
    with pytest.raises(UserInputError) as caught:
        apply_import(db, load_catalog(http_server.url), None)
    message = str(caught.value)
    assert f"page 1 products[0] 'lamp'.{field}" in message and expected in message


def test_storefront_product_that_is_not_an_object(http_server, db):
    serve_pages(http_server, [["oops", storefront_product("lamp", "LAMP-1", None)]])
    with pytest.raises(UserInputError, match=r"page 1 products\[0\].*expected an object, not text"):
        apply_import(db, load_catalog(http_server.url), None)


def test_deeply_nested_json_is_one_line(cli, tmp_path, http_server):
    deep = '{"products": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = tmp_path / "deep.json"
    path.write_text(deep, encoding="utf-8")
    assert "nested too deeply" in one_line_error(cli, "catalog", "import", path)
    http_server.add_body("/products.json", deep.encode(), "application/json")
    assert "nested too deeply" in one_line_error(cli, "catalog", "import", http_server.url)
    rundown = tmp_path / "deep-rundown.json"
    rundown.write_text(deep, encoding="utf-8")
    assert "nested too deeply" in one_line_error(cli, "rundown", "import", rundown)


def json_catalog(tmp_path, document: dict) -> str:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"store_url": 5, "products": []}, "store_url"),
        ({"store_url": ["https://x"], "products": []}, "store_url"),
        ({"currency": 12, "products": []}, "currency"),
        ({"products": [{"handle": "a", "title": "A", "variants": [{"sku": "A1", "price": 1, "stock": 10**30}]}]},
         "products[0].variants[0].stock"),
        ({"products": [{"handle": "a", "title": "A", "variants": [{"sku": "A1", "price": 1, "stock": 1e300}]}]},
         "products[0].variants[0].stock"),
        ({"products": [{"handle": "a", "title": "A", "variants": [{"sku": "A1", "price": 1, "stock": "9" * 40}]}]},
         "products[0].variants[0].stock"),
        ({"products": [{"handle": "a", "title": "A", "variants": [{"sku": ["A1"], "price": 1}]}]},
         "products[0].variants[0].sku"),
    ],
)
def test_json_catalog_with_odd_types(cli, tmp_path, document, expected):
    err = one_line_error(cli, "catalog", "import", json_catalog(tmp_path, document))
    assert expected in err and "catalog.json" in err


def test_huge_stock_in_csv_and_set_stock(cli, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("sku,title,price,stock\nA1,Lamp,10,99999999999999999999999\n", encoding="utf-8")
    err = one_line_error(cli, "catalog", "import", path)
    assert "line 2" in err and "stock" in err
    path.write_text("sku,title,price,stock\nA1,Lamp,10,3\n", encoding="utf-8")
    assert cli("catalog", "import", path)[0] == 0
    assert "stock" in one_line_error(cli, "catalog", "set-stock", "A1", "99999999999999999999999")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"show": "friday", "segments": []}, "show: expected an object"),
        ({"show": {"name": 5}, "segments": []}, "show.name: expected text"),
        ({"show": {"name": "s", "title": {}}, "segments": []}, "show.title: expected text"),
        ({"show": {"name": "s"}, "segments": [{"kind": "opening", "planned_duration_s": 60, "title": 7}]},
         "segments[0].title: expected text"),
        ({"show": {"name": "s"}, "segments": [{"kind": "product", "planned_duration_s": 60, "product": ["tv"]}]},
         "segments[0].product: expected text"),
        ({"show": {"name": "s"}, "segments": [{"kind": "product", "planned_duration_s": 60, "sku": {"a": 1}}]},
         "segments[0].sku: expected text"),
        ({"show": {"name": "s"}, "segments": [{"kind": ["opening"], "planned_duration_s": 60}]},
         "segments[0].kind: expected text"),
        ({"show": {"name": "s"}, "segments": [{"kind": "opening", "planned_duration_s": 60,
                                               "cues": [{"kind": ["card"], "offset_s": 0}]}]},
         "segments[0].cues[0].kind: expected text"),
    ],
)
def test_rundown_file_with_wrong_types(cli, tmp_path, document, expected):
    path = tmp_path / "rundown.json"
    path.write_text(json.dumps({"format": "studio-rundown", "version": 1, **document}), encoding="utf-8")
    err = one_line_error(cli, "rundown", "import", path)
    assert "rundown.json" in err and expected in err and len(err.strip().splitlines()) == 1


def csv_file(tmp_path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "catalog.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_unclosed_quote_is_reported_with_its_line(cli, tmp_path):
    source = csv_file(tmp_path, 'sku,title,price\nA1,Lamp,10\nA2,"Vase,12\nA3,Rug,30\n')
    err = one_line_error(cli, "catalog", "import", source)
    assert "line 3" in err and "quote" in err and "price" not in err


def test_field_over_128_kb_names_its_line(cli, tmp_path):
    source = csv_file(tmp_path, "sku,title,price,description\nA1,Lamp,10,short\nA2,Vase,12," + "x" * 200_000 + "\n")
    err = one_line_error(cli, "catalog", "import", source)
    assert "line 3" in err and "128 KB" in err


def test_semicolon_separated_file_gets_a_hint(cli, tmp_path):
    err = one_line_error(cli, "catalog", "import", csv_file(tmp_path, "sku;title;price\nA1;Lamp;10,50\n"))
    assert "semicolon" in err and "comma" in err


def test_utf16_file_gets_a_hint(cli, tmp_path):
    err = one_line_error(cli, "catalog", "import", csv_file(tmp_path, "\ufeffsku,title,price\nA1,Lamp,10\n", "utf-16"))
    assert "UTF-16" in err and "UTF-8" in err


def test_compare_at_warnings_from_json_name_the_sku(cli, tmp_path):
    document = {"products": [{"handle": "a", "title": "A",
                              "variants": [{"sku": "A-RED", "price": "10", "compare_at_price": "9"}]}]}
    code, _, err = cli("catalog", "import", json_catalog(tmp_path, document))
    assert code == 0 and "A-RED" in err and "compare-at" in err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://exa mple.com", "not a valid URL"),
        ("http://", "no host"),
        ("https://127.0.0.1:99999/", "not a valid URL"),
    ],
)
def test_malformed_store_urls_are_one_line(cli, url, expected):
    err = one_line_error(cli, "catalog", "import", url)
    assert expected in err and len(err.strip().splitlines()) == 1
