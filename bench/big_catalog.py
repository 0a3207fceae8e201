"""Large catalog files for the import benchmark and the memory test.

A Shopify-style export: one product per row group, with an HTML body and tags,
the shape a real 50 MB export has (about 120,000 variants).
"""

from __future__ import annotations

import csv
from pathlib import Path

SHOPIFY_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name", "Option1 Value",
    "Variant SKU", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price", "Image Src", "Status",
]
BODY = "<p>" + "A sturdy, well made thing that the host will love to show. " * 4 + "</p>"


def write_shopify_csv(path: Path, target_bytes: int, variants_per_product: int = 3) -> int:
    """Writes rows until the file reaches `target_bytes`; returns the number of variants."""
    variants = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHOPIFY_HEADER)
        product = 0
        while handle.tell() < target_bytes:
            product += 1
            handle_name = f"product-{product}"
            for size in range(variants_per_product):
                first = size == 0
                variants += 1
                writer.writerow([
                    handle_name,
                    f"Product number {product}" if first else "",
                    BODY if first else "",
                    "Vendor Co" if first else "",
                    "Things" if first else "",
                    "sale, new, featured" if first else "",
                    "TRUE" if first else "",
                    "Size" if first else "",
                    ("S", "M", "L", "XL")[size % 4],
                    f"SKU-{product}-{size}",
                    str(product % 50),
                    f"{10 + product % 90}.99",
                    f"{120 + product % 90}.00",
                    "",
                    "active" if first else "",
                ])
    return variants


def write_json_catalog(path: Path, target_bytes: int, variants_per_product: int = 3) -> int:
    """The studio's own JSON format, written product by product; returns the number of variants."""
    import json

    variants = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"currency": "USD", "store_url": "https://shop.example", "products": [\n')
        product = 0
        while handle.tell() < target_bytes:
            product += 1
            entry = {
                "handle": f"product-{product}", "title": f"Product number {product}", "description": BODY,
                "vendor": "Vendor Co", "type": "Things", "tags": ["sale", "new"],
                "variants": [
                    {"sku": f"SKU-{product}-{size}", "options": [("S", "M", "L", "XL")[size % 4]],
                     "price": f"{10 + product % 90}.99", "compare_at_price": f"{120 + product % 90}.00",
                     "stock": product % 50}
                    for size in range(variants_per_product)
                ],
            }
            variants += variants_per_product
            handle.write(("," if product > 1 else "") + json.dumps(entry) + "\n")
        handle.write("]}\n")
    return variants
