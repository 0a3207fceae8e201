"""A Shopify storefront's public `products.json`, read page by page.

Shopify serves at most 250 products a page and an empty list past the last one.
The storefront has no stock counts (only "available"), so stock stays unknown;
each product's page is STORE/products/HANDLE.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from studio.core.show.fetch import FetchError, FetchLimits, check_url, fetch
from studio.core.show.importers.html_text import html_to_text
from studio.core.show.importers.typed_json import Fields, JsonReadError, load_json, objects
from studio.core.show.records import ParsedCatalog, ProductRecord, RowChecker, VariantRecord, product_url, split_list

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
    check_url(url)
    store, endpoint = products_json_url(url)
    parsed = ParsedCatalog(endpoint, origin=urlsplit(endpoint).netloc)
    for page in range(1, MAX_PAGES + 1):
        page_url = f"{endpoint}?limit={PAGE_SIZE}&page={page}"
        items = _page_products(page_url, limits)
        if not items:
            break
        for _, item in objects(items, f"page {page} products", RowChecker(parsed.problems, None)):
            product = _product(item, parsed, store, currency)
            if product is not None:
                parsed.products.append(product)
    else:
        parsed.warnings.append(f"{endpoint}: stopped after {MAX_PAGES} pages")
    return parsed


def _page_products(page_url: str, limits: FetchLimits) -> list:
    fetched = fetch(page_url, limits, accept=("application/json",))
    try:
        document = load_json(fetched.body)
    except JsonReadError as error:
        raise FetchError(f"{page_url}: the answer is not valid JSON ({error.problem.reason})") from None
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise FetchError(f'{page_url}: expected a Shopify products.json answer with a "products" list')
    return document["products"]


def _product(item: Fields, parsed: ParsedCatalog, store: str, currency: str) -> ProductRecord | None:
    handle = item.text("handle", required=True, numbers_ok=True)
    if not handle:
        return None
    item.where = f"{item.where} {handle!r}"
    tags = item.get("tags")
    product = ProductRecord(
        handle=handle,
        title=item.text("title") or handle,
        description=html_to_text(item.text("body_html")),
        vendor=item.text("vendor"),
        product_type=item.text("product_type"),
        # Older storefronts send tags as one comma-separated string.
        tags=split_list(tags) if isinstance(tags, str) else (item.strings("tags") or []),
        url=product_url(store, handle),
    )
    images = [image for _, image in item.objects("images") if image.text("src")]
    for position, (_, raw) in enumerate(item.objects("variants"), start=1):
        variant = _variant(raw, handle, currency, images, parsed)
        if variant is not None:
            variant.position = position
            product.variants.append(variant)
    return product if product.variants else None


def _variant(
    item: Fields, handle: str, currency: str, images: list[Fields], parsed: ParsedCatalog
) -> VariantRecord | None:
    check = item.check
    options = [item.text(key, numbers_ok=True) for key in ("option1", "option2", "option3")]
    options = [option for option in options if option]
    if options == ["Default Title"]:
        options = []
    sku = item.text("sku", numbers_ok=True)
    price = check.price(item.path("price"), item.get("price"), currency, required=True)
    compare_at = check.compare_at(
        item.path("compare_at_price"), item.get("compare_at_price"), price, currency, parsed.warnings, sku
    )
    if not sku:
        sku = "/".join([handle, *options])
        parsed.warnings.append(f"{item.where}: no SKU; using {sku!r}")
    if price is None:
        return None
    return VariantRecord(sku, price, currency, options, compare_at, None, _image_for(item, images))


def _image_for(variant: Fields, images: list[Fields]) -> str | None:
    featured = variant.get("featured_image")
    if isinstance(featured, dict) and isinstance(featured.get("src"), str) and featured["src"].strip():
        return featured["src"].strip()
    variant_id = variant.get("id")
    for image in images:
        ids = image.get("variant_ids")
        if variant_id is not None and isinstance(ids, list) and variant_id in ids:
            return image.text("src")
    return images[0].text("src") if images else None
