"""Writing an imported catalog: one transaction, upsert by handle and SKU.

Images are fetched before the transaction opens, so a slow image server never
holds the write lock while a show is on air.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import sqlite_utils

from studio.core.graphics.glyphs import on_air_warnings
from studio.core.show.db import transaction
from studio.core.show.images import CachedImage, ImageCache, ImageError
from studio.core.show.records import ParsedCatalog, ProductRecord, VariantRecord


@dataclass
class ImportSummary:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products: int = 0
    warnings: list[str] = field(default_factory=list)


def apply_import(db: sqlite_utils.Database, parsed: ParsedCatalog, images: ImageCache | None) -> ImportSummary:
    if not parsed.scanned:
        parsed.scan()
    parsed.raise_if_invalid()
    summary = ImportSummary(parsed.source, products=parsed.product_count,
                            warnings=list(parsed.warnings) + on_air_warnings(parsed.air_check))
    resolved = _cache_images(db, parsed, images, summary.warnings)
    product_ids: dict[str, tuple[int, bool]] = {}  # rows of one product may come as several records
    with transaction(db):
        for image in {image.source: image for image, _ in resolved.values() if image}.values():
            images.record(db, image)  # type: ignore[union-attr]  # only set when images is not None
        for product in parsed.records():
            if product.handle not in product_ids:
                product_ids[product.handle] = _upsert_product(db, product)
            product_id, product_changed = product_ids[product.handle]
            for variant in product.variants:
                image, error = resolved.get(variant.image, (None, None)) if variant.image else (None, None)
                source = _image_key(variant.image, parsed) if variant.image else None
                outcome = _upsert_variant(db, product_id, variant, source, error)
                if outcome == "created":
                    summary.created += 1
                elif outcome == "updated" or product_changed:
                    summary.updated += 1
                else:
                    summary.unchanged += 1
    return summary


def _cache_images(
    db: sqlite_utils.Database, parsed: ParsedCatalog, images: ImageCache | None, warnings: list[str]
) -> dict[str, tuple[CachedImage | None, str | None]]:
    """source -> (cached image, None) or (None, why it failed)."""
    results: dict[str, tuple[CachedImage | None, str | None]] = {}
    if images is None:
        return results
    for source, sku in parsed.image_skus.items():
        try:
            results[source] = (images.get(db, source, parsed.base_dir, origin=parsed.origin), None)
        except ImageError as error:
            results[source] = (None, str(error))
            warnings.append(f"image for {sku}: {error}; the card shows a placeholder")
    return results


def _image_key(image: str, parsed: ParsedCatalog) -> str | None:
    """How the images table knows a source: the URL, or the file's absolute path."""
    if image.startswith(("http://", "https://")):
        return image
    if parsed.origin is not None:
        return None  # a remote catalog naming a local path: never looked up
    base_dir = parsed.base_dir
    path = Path(image)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return str(path.resolve())


def _upsert_product(db: sqlite_utils.Database, product: ProductRecord) -> tuple[int, bool]:
    row = {
        "handle": product.handle,
        "title": product.title,
        "description": product.description,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "tags": json.dumps(product.tags),
        "url": product.url,
        "status": product.status,
    }
    if product.talking_points is not None:
        row["talking_points"] = json.dumps(product.talking_points)
    existing = _one(db, "SELECT * FROM products WHERE handle = ?", product.handle)
    if existing is None:
        return _insert(db, "products", row), True
    changed = {key: value for key, value in row.items() if existing[key] != value}
    if changed:
        _update(db, "products", "id", existing["id"], changed)
    return existing["id"], bool(changed)


def _upsert_variant(
    db: sqlite_utils.Database, product_id: int, variant: VariantRecord, image_source: str | None, image_error: str | None
) -> str:
    row = {
        "sku": variant.sku,
        "product_id": product_id,
        "position": variant.position,
        "options": json.dumps(variant.options),
        "price": str(variant.price),
        "compare_at_price": None if variant.compare_at_price is None else str(variant.compare_at_price),
        "currency": variant.currency,
        "stock": variant.stock,
        "image_source": image_source,
        "image_error": image_error,
    }
    existing = _one(db, "SELECT * FROM variants WHERE sku = ?", variant.sku)
    if existing is None:
        _insert(db, "variants", row)
        return "created"
    changed = {key: value for key, value in row.items() if not _same(key, existing[key], value)}
    if not changed:
        return "unchanged"
    _update(db, "variants", "sku", variant.sku, changed)
    return "updated"


# Plain SQL rather than sqlite-utils' insert/update: those re-inspect the table on
# every call, which made a 50 MB import spend most of its time on schema queries.
def _one(db: sqlite_utils.Database, sql: str, key: object) -> dict | None:
    cursor = db.execute(sql, [key])
    row = cursor.fetchone()
    return None if row is None else dict(zip([column[0] for column in cursor.description], row))


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def _update(db: sqlite_utils.Database, table: str, key_column: str, key: object, changed: dict) -> None:
    assignments = ", ".join(f"{column} = ?" for column in changed)
    db.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?", [*changed.values(), key])


PRICE_COLUMNS = ("price", "compare_at_price")


def _same(column: str, stored: object, new: object) -> bool:
    # "19.9" and "19.90" are the same price: compare prices as decimals.
    if column in PRICE_COLUMNS and isinstance(stored, str) and isinstance(new, str):
        return Decimal(stored) == Decimal(new)
    return stored == new


def image_cache_for(db_path: str | Path) -> ImageCache:
    """The image cache that lives next to a database file."""
    return ImageCache(Path(db_path).resolve().parent / "image-cache")
