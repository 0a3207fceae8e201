"""The studio's own JSON catalog format (assets/demo_catalog.json is one).

`catalog list --json` writes this format and `catalog import` reads it back, so
a catalog round-trips. Problems are located by JSON path, e.g.
`products[2].variants[0].price`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.core.show.importers.typed_json import Fields, JsonReadError, describe, load_json
from studio.core.show.money import plain
from studio.core.show.records import (
    PRODUCT_STATUSES,
    ParsedCatalog,
    ProductRecord,
    RowChecker,
    VariantRecord,
    product_url,
)


def parse_json_catalog(path: Path, text: str, store_url: str | None, default_currency: str) -> ParsedCatalog:
    parsed = ParsedCatalog(str(path), base_dir=path.parent)
    check = RowChecker(parsed.problems, None)
    try:
        document = load_json(text)
    except JsonReadError as error:
        parsed.problems.append(error.problem)
        return parsed
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        check.problem("products", describe(document), 'expected an object with a "products" list')
        return parsed
    top = Fields(document, "", check)
    store_url = store_url or top.text("store_url") or None
    currency = check.currency("currency", document.get("currency"), default_currency)
    seen_handles: set[str] = set()
    for where, item in top.objects("products"):
        product = _product(item, store_url, currency, parsed.warnings)
        if product is None:
            continue
        if product.handle in seen_handles:
            check.problem(f"{where}.handle", product.handle, "this handle appears twice")
        seen_handles.add(product.handle)
        parsed.products.append(product)
    return parsed


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
