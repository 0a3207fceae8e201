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
from studio.core.show.records import ParsedCatalog, ProductRecord, RowProblem, VariantRecord


@dataclass
class ImportSummary:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products: int = 0
    warnings: list[str] = field(default_factory=list)


def apply_import(db: sqlite_utils.Database, parsed: ParsedCatalog, images: ImageCache | None) -> ImportSummary:
    _report_duplicate_skus(parsed)
    parsed.raise_if_invalid()
    summary = ImportSummary(parsed.source, products=len(parsed.products),
                            warnings=list(parsed.warnings) + on_air_warnings(parsed.products))
    resolved = _cache_images(db, parsed, images, summary.warnings)
    with transaction(db):
        for image in {image.source: image for image, _ in resolved.values() if image}.values():
            images.record(db, image)  # type: ignore[union-attr]  # only set when images is not None
        for product in parsed.products:
            product_id, product_changed = _upsert_product(db, product)
            for variant in product.variants:
                image, error = resolved.get(variant.image, (None, None)) if variant.image else (None, None)
                source = _image_key(variant.image, parsed.base_dir) if variant.image else None
                outcome = _upsert_variant(db, product_id, variant, source, error)
                if outcome == "created":
                    summary.created += 1
                elif outcome == "updated" or product_changed:
                    summary.updated += 1
                else:
                    summary.unchanged += 1
    return summary


def _report_duplicate_skus(parsed: ParsedCatalog) -> None:
    first_seen: dict[str, VariantRecord] = {}
    for product in parsed.products:
        for variant in product.variants:
            earlier = first_seen.setdefault(variant.sku, variant)
            if earlier is not variant:
                where = f"line {earlier.line}" if earlier.line else "an earlier product"
                parsed.problems.append(
                    RowProblem(variant.line, "sku", variant.sku, f"the same SKU already appears at {where}")
                )


def _cache_images(
    db: sqlite_utils.Database, parsed: ParsedCatalog, images: ImageCache | None, warnings: list[str]
) -> dict[str, tuple[CachedImage | None, str | None]]:
    """source -> (cached image, None) or (None, why it failed)."""
    results: dict[str, tuple[CachedImage | None, str | None]] = {}
    if images is None:
        return results
    for product in parsed.products:
        for variant in product.variants:
            if not variant.image or variant.image in results:
                continue
            try:
                results[variant.image] = (images.get(db, variant.image, parsed.base_dir), None)
            except ImageError as error:
                results[variant.image] = (None, str(error))
                warnings.append(f"image for {variant.sku}: {error}; the card shows a placeholder")
    return results


def _image_key(image: str, base_dir: Path | None) -> str:
    """How the images table knows a source: the URL, or the file's absolute path."""
    if image.startswith(("http://", "https://")):
        return image
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
    existing = next(db.query("SELECT * FROM products WHERE handle = ?", [product.handle]), None)
    if existing is None:
        return db["products"].insert(row).last_pk, True
    changed = {key: value for key, value in row.items() if existing[key] != value}
    if changed:
        db["products"].update(existing["id"], changed)
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
    existing = next(db.query("SELECT * FROM variants WHERE sku = ?", [variant.sku]), None)
    if existing is None:
        db["variants"].insert(row)
        return "created"
    changed = {key: value for key, value in row.items() if not _same(key, existing[key], value)}
    if not changed:
        return "unchanged"
    db["variants"].update(variant.sku, changed)
    return "updated"


PRICE_COLUMNS = ("price", "compare_at_price")


def _same(column: str, stored: object, new: object) -> bool:
    # "19.9" and "19.90" are the same price: compare prices as decimals.
    if column in PRICE_COLUMNS and isinstance(stored, str) and isinstance(new, str):
        return Decimal(stored) == Decimal(new)
    return stored == new


def image_cache_for(db_path: str | Path) -> ImageCache:
    """The image cache that lives next to a database file."""
    return ImageCache(Path(db_path).resolve().parent / "image-cache")
