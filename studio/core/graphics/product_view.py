"""Turns a catalog file's variant into the ProductView the graphics draw.

Kept apart from the show database on purpose: the render command and the demo
read the bundled JSON catalog, and a database lookup can replace this function
without the renderers noticing.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from studio.core.graphics.model import ProductView
from studio.errors import UserInputError

ASSETS_DIR = Path(__file__).resolve().parents[3] / "assets"
DEMO_CATALOG_PATH = ASSETS_DIR / "demo_catalog.json"


def _read_catalog(catalog_path: Path) -> dict:
    try:
        catalog = json.loads(Path(catalog_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"catalog {catalog_path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserInputError(f"catalog {catalog_path}: cannot be read as JSON ({error})") from None
    if not isinstance(catalog, dict) or not isinstance(catalog.get("products"), list):
        raise UserInputError(f"catalog {catalog_path}: expected an object with a 'products' list")
    return catalog


def _money(raw: object, where: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise UserInputError(f"{where}: {raw!r} is not a price") from None
    if not value.is_finite() or value < 0:
        raise UserInputError(f"{where}: {raw!r} is not a price")
    return value


def _page_url(catalog: dict, product: dict) -> str | None:
    """As the JSON importer reads it: the product's `url`, else STORE/products/HANDLE, else none."""
    if product.get("url"):
        return str(product["url"])
    store_url = str(catalog.get("store_url") or "").rstrip("/")
    return f"{store_url}/products/{product.get('handle', '')}" if store_url else None


def _view(catalog: dict, product: dict, variant: dict, catalog_path: Path) -> ProductView:
    sku = str(variant.get("sku", ""))
    where = f"catalog {catalog_path}, SKU {sku}"
    compare_at = variant.get("compare_at_price")
    image = variant.get("image")
    stock = variant.get("stock")
    options = variant.get("options") or []
    has_choice = len(product.get("variants", [])) > 1
    return ProductView(
        sku=sku,
        title=str(product.get("title", "")),
        variant_title=" / ".join(str(option) for option in options) if has_choice else "",
        price=_money(variant.get("price"), f"{where}: price"),
        compare_at_price=_money(compare_at, f"{where}: compare_at_price") if compare_at not in (None, "") else None,
        currency=str(variant.get("currency") or catalog.get("currency") or "USD"),
        stock=int(stock) if stock is not None else None,
        image_path=(Path(catalog_path).parent / image) if image else None,
        product_url=_page_url(catalog, product),
    )


def load_product_views(catalog_path: Path = DEMO_CATALOG_PATH) -> list[ProductView]:
    catalog = _read_catalog(catalog_path)
    return [
        _view(catalog, product, variant, catalog_path)
        for product in catalog["products"]
        for variant in product.get("variants", [])
    ]


def load_product_view(sku: str, catalog_path: Path = DEMO_CATALOG_PATH) -> ProductView:
    views = load_product_views(catalog_path)
    for view in views:
        if view.sku == sku:
            return view
    known = ", ".join(view.sku for view in views)
    raise UserInputError(f"product {sku!r}: no such SKU in catalog {catalog_path} (known: {known})")
