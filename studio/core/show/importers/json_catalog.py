"""The studio's own JSON catalog format (assets/demo_catalog.json is one).

`catalog list --json` writes this format and `catalog import` reads it back, so
a catalog round-trips. Problems are located by JSON path, e.g.
`products[2].variants[0].price`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from studio.core.show.records import (
    PRODUCT_STATUSES,
    ParsedCatalog,
    ProductRecord,
    RowChecker,
    RowProblem,
    VariantRecord,
)


def parse_json_catalog(path: Path, text: str, store_url: str | None, default_currency: str) -> ParsedCatalog:
    parsed = ParsedCatalog(str(path), base_dir=path.parent)
    check = RowChecker(parsed.problems, None)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.problems.append(_at_line(error))
        return parsed
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        check.problem("products", type(document).__name__, 'expected an object with a "products" list')
        return parsed
    store_url = store_url or document.get("store_url")
    currency = str(document.get("currency") or default_currency).upper()
    seen_handles: set[str] = set()
    for index, item in enumerate(document["products"]):
        where = f"products[{index}]"
        if not isinstance(item, dict):
            check.problem(where, item, "expected an object")
            continue
        product = _product(item, where, check, store_url, currency, parsed.warnings)
        if product is None:
            continue
        if product.handle in seen_handles:
            check.problem(f"{where}.handle", product.handle, "this handle appears twice")
        seen_handles.add(product.handle)
        parsed.products.append(product)
    return parsed


def _at_line(error: json.JSONDecodeError) -> RowProblem:
    return RowProblem(error.lineno, f"character {error.colno}", "", f"not valid JSON ({error.msg})")


def _text(item: dict, key: str, where: str, check: RowChecker, *, required: bool = False) -> str:
    value = item.get(key)
    if value is None or value == "":
        if required:
            check.problem(f"{where}.{key}", "", "required")
        return ""
    if not isinstance(value, str):
        check.problem(f"{where}.{key}", value, "expected text")
        return ""
    return value.strip()


def _strings(item: dict, key: str, where: str, check: RowChecker) -> list[str] | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        check.problem(f"{where}.{key}", value, "expected a list of text")
        return None
    return [entry.strip() for entry in value if entry.strip()]


def _product(
    item: dict, where: str, check: RowChecker, store_url: str | None, currency: str, warnings: list[str]
) -> ProductRecord | None:
    handle = _text(item, "handle", where, check, required=True)
    title = _text(item, "title", where, check, required=True)
    status = _text(item, "status", where, check) or "active"
    if status not in PRODUCT_STATUSES:
        check.problem(f"{where}.status", status, f"expected one of {', '.join(PRODUCT_STATUSES)}")
    url = _text(item, "url", where, check) or (f"{store_url.rstrip('/')}/products/{handle}" if store_url else None)
    product = ProductRecord(
        handle=handle,
        title=title,
        description=_text(item, "description", where, check),
        vendor=_text(item, "vendor", where, check),
        product_type=_text(item, "type", where, check),
        tags=_strings(item, "tags", where, check) or [],
        talking_points=_strings(item, "talking_points", where, check),
        url=url,
        status=status,
    )
    variants = item.get("variants")
    if not isinstance(variants, list) or not variants:
        check.problem(f"{where}.variants", variants, "expected a non-empty list of variants")
        return None
    for position, raw in enumerate(variants, start=1):
        variant = _variant(raw, f"{where}.variants[{position - 1}]", check, currency, warnings)
        if variant is not None:
            variant.position = position
            product.variants.append(variant)
    return product if handle and title else None


def _variant(raw: Any, where: str, check: RowChecker, currency: str, warnings: list[str]) -> VariantRecord | None:
    if not isinstance(raw, dict):
        check.problem(where, raw, "expected an object")
        return None
    sku = _text(raw, "sku", where, check, required=True)
    price = check.price(f"{where}.price", raw.get("price"), required=True)
    compare_at = check.compare_at(f"{where}.compare_at_price", raw.get("compare_at_price"), price, warnings)
    stock_raw = raw.get("stock")
    stock = check.stock(f"{where}.stock", "" if stock_raw is None else stock_raw)
    variant_currency = str(raw.get("currency") or currency).upper()
    if not re.fullmatch(r"[A-Z]{3}", variant_currency):
        check.problem(f"{where}.currency", variant_currency, "expected a three-letter currency code")
    options = _strings(raw, "options", where, check) or []
    image = _text(raw, "image", where, check) or None
    if not sku or price is None:
        return None
    return VariantRecord(sku, price, variant_currency, options, compare_at, stock, image)


def catalog_document(rows: list[dict]) -> dict:
    """Our JSON format from `catalog.list_catalog()` rows (one per product)."""
    currencies = {variant["currency"] for row in rows for variant in row["variants"]}
    currency = currencies.pop() if len(currencies) == 1 else None
    products = []
    for row in rows:
        variants = []
        for variant in row["variants"]:
            entry = {
                "sku": variant["sku"],
                "options": variant["options"],
                "price": variant["price"],
                "compare_at_price": variant["compare_at_price"],
                "stock": variant["stock"],
                "image": variant["image_source"],
            }
            if currency is None:
                entry["currency"] = variant["currency"]
            variants.append(entry)
        products.append(
            {
                "handle": row["handle"],
                "title": row["title"],
                "description": row["description"],
                "vendor": row["vendor"],
                "type": row["product_type"],
                "tags": row["tags"],
                "talking_points": row["talking_points"],
                "url": row["url"],
                "status": row["status"],
                "variants": variants,
            }
        )
    document: dict[str, Any] = {"products": products}
    if currency:
        document = {"currency": currency, **document}
    return document
