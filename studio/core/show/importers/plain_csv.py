"""A hand-made CSV: one row per variant, columns named in the header.

Header names are matched case-insensitively with common spellings
("Compare at price", "qty", "image_url"...); `--map "Their Column=field"` names
any other column. Rows sharing a handle (or, without one, a title) are variants
of one product.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studio.core.show.records import (
    PRODUCT_STATUSES,
    ParsedCatalog,
    ProductRecord,
    RowChecker,
    VariantRecord,
    product_url,
    slugify,
    split_list,
)

FIELDS = (
    "sku", "title", "price", "compare_at_price", "stock", "image", "url", "handle", "description",
    "vendor", "type", "tags", "options", "currency", "talking_points", "status",
)
REQUIRED_FIELDS = ("sku", "title", "price")
ALIASES = {
    "compare_at": "compare_at_price", "compare_price": "compare_at_price", "was_price": "compare_at_price",
    "qty": "stock", "quantity": "stock", "inventory": "stock",
    "image_url": "image", "image_src": "image", "product_url": "url", "link": "url",
    "name": "title", "product": "title", "body": "description", "product_type": "type",
    "variant": "options", "option": "options", "brand": "vendor",
}


def normalise_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return ALIASES.get(key, key)


def iter_plain_csv(
    parsed: ParsedCatalog,
    rows: Iterator[tuple[int, list[str]]],
    store_url: str | None,
    currency: str,
    column_map: dict[str, str] | None = None,
) -> Iterator[ProductRecord]:
    """One product record per row, with its one variant; rows sharing a handle are
    merged by the writer (the first row's product fields win)."""
    header_line, header = next(rows)
    explicit = {name.strip().lower(): field for name, field in (column_map or {}).items()}
    fields: list[str | None] = []
    for name in header:
        field = explicit.get(name.strip().lower()) or normalise_header(name)
        if field not in FIELDS:
            parsed.warnings.append(f"column {name!r} is not a catalog field; ignored (use --map to name it)")
            field = None
        fields.append(field)
    for required in REQUIRED_FIELDS:
        if required not in fields:
            RowChecker(parsed.problems, header_line).problem(required, "", "this column is missing from the header")
    if parsed.problems:
        return
    variant_counts: dict[str, int] = {}  # handle -> variants so far, for positions
    first_rows: dict[str, tuple[int, str]] = {}  # derived handle -> (line, title) that made it
    for line, values in rows:
        if not any(value.strip() for value in values):
            continue
        row = {field: values[i].strip() for i, field in enumerate(fields) if field and i < len(values)}
        check = RowChecker(parsed.problems, line)
        variant = _variant(row, check, currency, parsed.warnings)
        if not row.get("title"):
            check.problem(_column(header, fields, "title"), "", "a title is required")
            continue
        handle = row.get("handle") or slugify(row["title"])
        if not row.get("handle"):
            first_line, first_title = first_rows.setdefault(handle, (line, row["title"]))
            if first_title != row["title"]:
                check.problem(
                    _column(header, fields, "title"), row["title"],
                    f"makes the same handle {handle!r} as the title {first_title!r} at line {first_line}; "
                    "give these rows a handle column or titles that differ in more than case and punctuation",
                )
                continue
        product = _product(row, handle, check, store_url)
        if variant is not None:
            variant.line = line
            variant.position = variant_counts[handle] = variant_counts.get(handle, 0) + 1
            product.variants.append(variant)
        yield product


def _column(header: list[str], fields: list[str | None], field: str) -> str:
    return header[fields.index(field)] if field in fields else field


def _variant(row: dict[str, str], check: RowChecker, currency: str, warnings: list[str]) -> VariantRecord | None:
    sku = row.get("sku", "")
    if not sku:
        check.problem("sku", "", "a SKU is required (the studio identifies variants by SKU)")
    row_currency = check.currency("currency", row.get("currency"), currency)
    price = check.price("price", row.get("price"), row_currency, required=True)
    compare_at = check.compare_at("compare_at_price", row.get("compare_at_price"), price, row_currency, warnings, sku)
    stock = check.stock("stock", row.get("stock"))
    if not sku or price is None:
        return None
    return VariantRecord(
        sku=sku,
        price=price,
        currency=row_currency,
        options=split_list(row.get("options"), "/"),
        compare_at_price=compare_at,
        stock=stock,
        image=row.get("image") or None,
    )


def _product(row: dict[str, str], handle: str, check: RowChecker, store_url: str | None) -> ProductRecord:
    status = (row.get("status") or "active").lower()
    if status not in PRODUCT_STATUSES:
        check.problem("status", status, f"expected one of {', '.join(PRODUCT_STATUSES)}")
    url = row.get("url") or (product_url(store_url, handle) if store_url else None)
    talking_points = split_list(row.get("talking_points"), "|") if "talking_points" in row else None
    return ProductRecord(
        handle=handle,
        title=row["title"],
        description=row.get("description", ""),
        vendor=row.get("vendor", ""),
        product_type=row.get("type", ""),
        tags=split_list(row.get("tags")),
        talking_points=talking_points,
        url=url,
        status=status,
    )
