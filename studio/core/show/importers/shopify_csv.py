"""Shopify's product CSV export, as Shopify writes it.

A product's first row carries the product fields; its later rows carry only the
handle and variant fields; image-only rows carry the handle and an image.
Quoted fields may contain doubled quotes, commas and newlines, so line numbers
are those of the row's first physical line, as a spreadsheet shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from studio.core.show.importers.html_text import html_to_text
from studio.core.show.records import (
    PRODUCT_STATUSES,
    ParsedCatalog,
    ProductRecord,
    RowChecker,
    VariantRecord,
    split_list,
)

REQUIRED_COLUMNS = ("Handle", "Title", "Variant Price")
VARIANT_COLUMNS = ("Variant SKU", "Variant Price", "Option1 Value", "Variant Compare At Price")
DEFAULT_OPTION = "Default Title"  # Shopify's option value for a product without variants


def looks_like_shopify(header: list[str]) -> bool:
    return "Handle" in header and ("Variant Price" in header or "Variant SKU" in header)


def parse_shopify_csv(path: Path, rows: Iterator[tuple[int, list[str]]], store_url: str | None, currency: str) -> ParsedCatalog:
    parsed = ParsedCatalog(str(path), base_dir=path.parent)
    header_line, header = next(rows)
    header = [name.strip() for name in header]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            RowChecker(parsed.problems, header_line).problem(column, "", "this column is missing from the header")
    if parsed.problems:
        return parsed
    products: dict[str, ProductRecord] = {}
    first_images: dict[str, str] = {}
    for line, fields in rows:
        if not any(field.strip() for field in fields):
            continue
        row = {name: (fields[index] if index < len(fields) else "") for index, name in enumerate(header)}
        check = RowChecker(parsed.problems, line)
        handle = row["Handle"].strip()
        if not handle:
            check.problem("Handle", "", "every row needs the product handle")
            continue
        product = products.get(handle)
        if product is None:
            product = products[handle] = _product_from_first_row(row, check, store_url)
        image = row.get("Image Src", "").strip()
        if image and handle not in first_images:
            first_images[handle] = image
        if any(row.get(column, "").strip() for column in VARIANT_COLUMNS):
            variant = _variant(row, handle, product, check, currency, parsed.warnings)
            if variant is not None:
                variant.line = line
                product.variants.append(variant)
    for handle, product in products.items():
        if not product.variants:
            parsed.warnings.append(f"product {handle!r} has no variant rows; skipped")
        for variant in product.variants:
            variant.image = variant.image or first_images.get(handle)
    parsed.products = [product for product in products.values() if product.variants]
    return parsed


def _product_from_first_row(row: dict[str, str], check: RowChecker, store_url: str | None) -> ProductRecord:
    handle = row["Handle"].strip()
    title = row["Title"].strip()
    if not title:
        check.problem("Title", "", "the first row of a product must carry its title")
    status = row.get("Status", "").strip().lower()
    if not status:
        # Exports from before the Status column only say whether it is published.
        status = "draft" if row.get("Published", "").strip().upper() == "FALSE" else "active"
    if status not in PRODUCT_STATUSES:
        check.problem("Status", status, f"expected one of {', '.join(PRODUCT_STATUSES)}")
        status = "active"
    return ProductRecord(
        handle=handle,
        title=title,
        description=html_to_text(row.get("Body (HTML)", "")),
        vendor=row.get("Vendor", "").strip(),
        product_type=(row.get("Type") or row.get("Product Type") or "").strip(),
        tags=split_list(row.get("Tags")),
        url=f"{store_url.rstrip('/')}/products/{handle}" if store_url else None,
        status=status,
    )


def _variant(
    row: dict[str, str], handle: str, product: ProductRecord, check: RowChecker, currency: str, warnings: list[str]
) -> VariantRecord | None:
    options = [row.get(f"Option{n} Value", "").strip() for n in (1, 2, 3)]
    options = [value for value in options if value]
    if options == [DEFAULT_OPTION]:
        options = []
    sku = row.get("Variant SKU", "").strip()
    price = check.price("Variant Price", row.get("Variant Price"), currency, required=True)
    compare_at = check.compare_at(
        "Variant Compare At Price", row.get("Variant Compare At Price"), price, currency, warnings, sku
    )
    stock = check.stock("Variant Inventory Qty", row.get("Variant Inventory Qty"))
    if not sku:
        # The studio identifies variants by SKU; a stable stand-in keeps re-imports idempotent.
        sku = "/".join([handle, *options])
        warnings.append(f"line {check.line}: variant of {handle!r} has no SKU; using {sku!r}")
    if price is None:
        return None
    return VariantRecord(
        sku=sku,
        price=price,
        currency=currency,
        options=options,
        compare_at_price=compare_at,
        stock=stock,
        image=row.get("Variant Image", "").strip() or None,
        position=len(product.variants) + 1,
    )
