"""A Shopify storefront's public `products.json`, read page by page.

Shopify serves at most 250 products a page and an empty list past the last one.
The storefront has no stock counts (only "available"), so stock stays unknown;
each product's page is STORE/products/HANDLE.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

from studio.core.show.fetch import FetchError, FetchLimits, fetch
from studio.core.show.importers.html_text import html_to_text
from studio.core.show.records import ParsedCatalog, ProductRecord, RowChecker, VariantRecord, split_list

PAGE_SIZE = 250
MAX_PAGES = 200


def products_json_url(url: str) -> tuple[str, str]:
    """(store root, products.json URL) for a store address or a products.json URL."""
    parts = urlsplit(url)
    store = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    path = parts.path.rstrip("/")
    if not path.endswith("products.json"):
        path += "/products.json"
    return store, urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def parse_storefront(url: str, currency: str, limits: FetchLimits | None = None) -> ParsedCatalog:
    limits = limits or FetchLimits()
    store, endpoint = products_json_url(url)
    parsed = ParsedCatalog(endpoint)
    for page in range(1, MAX_PAGES + 1):
        page_url = f"{endpoint}?limit={PAGE_SIZE}&page={page}"
        items = _page_products(page_url, limits)
        if not items:
            break
        for index, item in enumerate(items):
            product = _product(item, f"page {page} products[{index}]", parsed, store, currency)
            if product is not None:
                parsed.products.append(product)
    else:
        parsed.warnings.append(f"{endpoint}: stopped after {MAX_PAGES} pages")
    return parsed


def _page_products(page_url: str, limits: FetchLimits) -> list:
    fetched = fetch(page_url, limits, accept=("application/json",))
    try:
        document = json.loads(fetched.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FetchError(f"{page_url}: the answer is not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise FetchError(f'{page_url}: expected a Shopify products.json answer with a "products" list')
    return document["products"]


def _product(item: object, where: str, parsed: ParsedCatalog, store: str, currency: str) -> ProductRecord | None:
    check = RowChecker(parsed.problems, None)
    if not isinstance(item, dict) or not item.get("handle"):
        check.problem(where, str(item)[:60], "a product without a handle")
        return None
    handle = str(item["handle"])
    tags = item.get("tags") or []
    product = ProductRecord(
        handle=handle,
        title=str(item.get("title") or handle),
        description=html_to_text(item.get("body_html")),
        vendor=str(item.get("vendor") or ""),
        product_type=str(item.get("product_type") or ""),
        # Older storefronts send tags as one comma-separated string.
        tags=split_list(tags) if isinstance(tags, str) else [str(tag) for tag in tags],
        url=f"{store}/products/{handle}",
    )
    images = [image for image in item.get("images") or [] if isinstance(image, dict) and image.get("src")]
    for position, raw in enumerate(item.get("variants") or [], start=1):
        variant = _variant(raw, f"{where} {handle!r} variants[{position - 1}]", check, handle, currency, images, parsed)
        if variant is not None:
            variant.position = position
            product.variants.append(variant)
    return product if product.variants else None


def _variant(
    raw: dict, where: str, check: RowChecker, handle: str, currency: str, images: list[dict], parsed: ParsedCatalog
) -> VariantRecord | None:
    options = [str(raw.get(key)) for key in ("option1", "option2", "option3") if raw.get(key)]
    if options == ["Default Title"]:
        options = []
    price = check.price(f"{where}.price", raw.get("price"), required=True)
    compare_at = check.compare_at(f"{where}.compare_at_price", raw.get("compare_at_price"), price, parsed.warnings)
    sku = str(raw.get("sku") or "").strip()
    if not sku:
        sku = "/".join([handle, *options])
        parsed.warnings.append(f"{where}: no SKU; using {sku!r}")
    if price is None:
        return None
    return VariantRecord(sku, price, currency, options, compare_at, None, _image_for(raw, images))


def _image_for(variant: dict, images: list[dict]) -> str | None:
    featured = variant.get("featured_image")
    if isinstance(featured, dict) and featured.get("src"):
        return str(featured["src"])
    for image in images:
        if variant.get("id") in (image.get("variant_ids") or []):
            return str(image["src"])
    return str(images[0]["src"]) if images else None
