"""The studio's own JSON catalog format (assets/demo_catalog.json is one).

`catalog list --json` writes this format and `catalog import` reads it back, so
a catalog round-trips. Problems are located by JSON path, e.g.
`products[2].variants[0].price`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from studio.core.show.importers.json_stream import JsonCatalogScanner
from studio.core.show.importers.typed_json import Fields, describe, json_problem
from studio.core.show.money import plain
from studio.core.show.records import (
    PRODUCT_STATUSES,
    ParsedCatalog,
    ProductRecord,
    RowChecker,
    VariantRecord,
    product_url,
)
from studio.errors import UserInputError


def json_catalog(
    path: Path, store_url: str | None, default_currency: str, progress: Callable[[str, int, int], None] | None = None
) -> ParsedCatalog:
    """A JSON catalog file, read product by product (twice: checking, then importing)."""

    def reread(sink: ParsedCatalog, phase: str) -> Iterator[ProductRecord]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserInputError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
        check = RowChecker(sink.problems, None)
        scanner = JsonCatalogScanner(text)
        try:
            fields, products_at = scanner.top_level("products")
            if not isinstance(fields, dict) or products_at is None:
                check.problem("products", describe(fields), 'expected an object with a "products" list')
                return
            top = Fields(fields, "", check)
            store = store_url or top.text("store_url") or None
            currency = check.currency("currency", fields.get("currency"), default_currency)
            seen_handles: set[str] = set()
            for index, (item, position) in enumerate(scanner.elements(products_at)):
                if progress is not None:
                    progress(phase, position, len(text))
                product = _checked_product(item, f"products[{index}]", check, store, currency, sink, seen_handles)
                if product is not None:
                    yield product
            if progress is not None:
                progress(phase, len(text), len(text))
        except (json.JSONDecodeError, RecursionError) as error:
            sink.problems.append(json_problem(error))

    return ParsedCatalog(str(path), base_dir=path.parent, reread=reread)


def _checked_product(
    item: Any, where: str, check: RowChecker, store: str | None, currency: str, sink: ParsedCatalog, seen: set[str]
) -> ProductRecord | None:
    if not isinstance(item, dict):
        check.problem(where, describe(item), f"expected an object, not {describe(item)}")
        return None
    product = _product(Fields(item, where, check), store, currency, sink.warnings)
    if product is None:
        return None
    if product.handle in seen:
        check.problem(f"{where}.handle", product.handle, "this handle appears twice")
    seen.add(product.handle)
    return product


def _product(item: Fields, store_url: str | None, currency: str, warnings: list[str]) -> ProductRecord | None:
    handle = item.text("handle", required=True)
    title = item.text("title", required=True)
    status = item.text("status") or "active"
    if status not in PRODUCT_STATUSES:
        item.check.problem(item.path("status"), status, f"expected one of {', '.join(PRODUCT_STATUSES)}")
    url = item.text("url") or (product_url(store_url, handle) if store_url else None)
    product = ProductRecord(
        handle=handle,
        title=title,
        description=item.text("description"),
        vendor=item.text("vendor"),
        product_type=item.text("type"),
        tags=item.strings("tags") or [],
        talking_points=item.strings("talking_points"),
        url=url,
        status=status,
    )
    for position, (_, raw) in enumerate(item.objects("variants", required=True), start=1):
        variant = _variant(raw, currency, warnings)
        if variant is not None:
            variant.position = position
            product.variants.append(variant)
    return product if handle and title else None


def _variant(item: Fields, currency: str, warnings: list[str]) -> VariantRecord | None:
    check = item.check
    sku = item.text("sku", required=True, numbers_ok=True)
    variant_currency = check.currency(item.path("currency"), item.get("currency"), currency)
    price = check.price(item.path("price"), item.get("price"), variant_currency, required=True)
    compare_at = check.compare_at(
        item.path("compare_at_price"), item.get("compare_at_price"), price, variant_currency, warnings, sku
    )
    stock = check.stock(item.path("stock"), item.get("stock"))
    options = item.strings("options") or []
    image = item.text("image") or None
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
                "price": plain(variant["price"]),
                "compare_at_price": variant["compare_at_price"] and plain(variant["compare_at_price"]),
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
