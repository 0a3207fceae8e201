"""Shopify's product CSV export, as Shopify writes it.

A product's first row carries the product fields; its later rows carry only the
handle and variant fields; image-only rows carry the handle and an image.
Quoted fields may contain doubled quotes, commas and newlines, so line numbers
are those of the row's first physical line, as a spreadsheet shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

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


def iter_shopify_csv(
    parsed: ParsedCatalog, rows: Iterator[tuple[int, list[str]]], store_url: str | None, currency: str
) -> Iterator[ProductRecord]:
    """Each product once its rows are read (a product's rows are adjacent in an export);
    problems and warnings go to `parsed`."""
    header_line, header = next(rows)
    header = [name.strip() for name in header]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            RowChecker(parsed.problems, header_line).problem(column, "", "this column is missing from the header")
    if parsed.problems:
        return
    product: ProductRecord | None = None
    first_image: str | None = None
    finished: set[str] = set()  # handles already yielded: a handle's rows must be adjacent
    for line, fields in rows:
        if not any(field.strip() for field in fields):
            continue
        row = {name: (fields[index] if index < len(fields) else "") for index, name in enumerate(header)}
        check = RowChecker(parsed.problems, line)
        handle = row["Handle"].strip()
        if not handle:
            check.problem("Handle", "", "every row needs the product handle")
            continue
        if product is None or handle != product.handle:
            if product is not None:
                yield from _finished(product, first_image, parsed.warnings)
                finished.add(product.handle)
            if handle in finished:
                check.problem("Handle", handle, "this product's rows must be next to each other, as Shopify exports them")
            product, first_image = _product_from_first_row(row, check, store_url), None
        image = row.get("Image Src", "").strip()
        if image and first_image is None:
            first_image = image
        if any(row.get(column, "").strip() for column in VARIANT_COLUMNS):
            variant = _variant(row, handle, product, check, currency, parsed.warnings)
            if variant is not None:
                variant.line = line
                product.variants.append(variant)
    if product is not None:
        yield from _finished(product, first_image, parsed.warnings)


def _finished(product: ProductRecord, first_image: str | None, warnings: list[str]) -> Iterator[ProductRecord]:
    if not product.variants:
        warnings.append(f"product {product.handle!r} has no variant rows; skipped")
        return
    for variant in product.variants:
        variant.image = variant.image or first_image
    yield product


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
