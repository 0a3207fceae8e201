"""What an importer produces: plain product records plus every problem found.

Importers never write to the database; they parse and validate the whole source
first so a file with any bad row imports nothing and reports all of them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from studio.core.show.money import CURRENCY_MINOR_UNITS, PriceError, check_currency, parse_price
from studio.errors import UserInputError

PRODUCT_STATUSES = ("active", "draft", "archived")
MAX_STOCK = 1_000_000_000  # also keeps every count inside SQLite's 64-bit INTEGER


@dataclass
class VariantRecord:
    sku: str
    price: Decimal
    currency: str
    options: list[str] = field(default_factory=list)
    compare_at_price: Decimal | None = None
    stock: int | None = None
    image: str | None = None
    position: int = 1
    line: int | None = None  # where the variant came from, for error messages


@dataclass
class ProductRecord:
    handle: str
    title: str
    description: str = ""
    vendor: str = ""
    product_type: str = ""
    tags: list[str] = field(default_factory=list)
    # None means "the source has no talking points": re-importing a Shopify file
    # must not wipe what the producer typed into the studio.
    talking_points: list[str] | None = None
    url: str | None = None
    status: str = "active"
    variants: list[VariantRecord] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    line: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "source"
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}, column {self.column!r}, value {value!r}: {self.reason}"


# Re-reads a source too big to hold (a CSV file), reporting problems to the catalog given.
Reader = Callable[["ParsedCatalog", str], Iterator[ProductRecord]]


@dataclass
class ParsedCatalog:
    source: str
    # Held in memory for small sources (JSON, a storefront); empty when `reread` is set.
    products: list[ProductRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Relative image paths in a file are relative to the file, not to the cwd.
    base_dir: Path | None = None
    # host:port of a remote catalog (a store URL); None for a local file. Images a
    # remote catalog names must be http(s), and may reach a private address only there.
    origin: str | None = None
    # A file read twice instead of held: once by `scan` to find every problem, once to write.
    reread: Reader | None = None
    scanned: bool = False
    product_count: int = 0
    image_skus: dict[str, str] = field(default_factory=dict)  # image source -> first SKU showing it
    # Products that might air wrong (no page URL, or text beyond ASCII that a font may
    # lack), trimmed to what `graphics.glyphs.on_air_warnings` reads; filled by `scan`.
    air_check: list[ProductRecord] = field(default_factory=list)

    def records(self) -> Iterator[ProductRecord]:
        """Every product record, for writing; call after `scan` found no problem."""
        if self.reread is None:
            yield from self.products
            return
        second_pass = ParsedCatalog(self.source, base_dir=self.base_dir, origin=self.origin)
        yield from self.reread(second_pass, "importing")
        if second_pass.problems:  # the file was edited between the two passes
            raise CatalogImportError(f"{self.source} (changed while importing)", second_pass.problems)

    def scan(self) -> None:
        """One pass over every record: the product count, duplicate SKUs, the images to cache.

        Keeps only SKUs and handles, never the records, so a big file stays small in memory.
        """
        records = self.reread(self, "checking") if self.reread is not None else iter(self.products)
        first_seen: dict[str, int | None] = {}
        handles: set[str] = set()
        air_check: dict[str, ProductRecord] = {}
        for product in records:
            _note_air_check(product, product.handle in handles, air_check)
            handles.add(product.handle)
            for variant in product.variants:
                if variant.sku in first_seen:
                    earlier = first_seen[variant.sku]
                    where = f"line {earlier}" if earlier else "an earlier product"
                    self.problems.append(
                        RowProblem(variant.line, "sku", variant.sku, f"the same SKU already appears at {where}")
                    )
                else:
                    first_seen[variant.sku] = variant.line
                if variant.image:
                    self.image_skus.setdefault(variant.image, variant.sku)
        self.product_count = len(handles)
        self.air_check = list(air_check.values())
        self.scanned = True

    def raise_if_invalid(self) -> None:
        if self.problems:
            raise CatalogImportError(self.source, self.problems)


def _note_air_check(product: ProductRecord, seen: bool, kept: dict[str, ProductRecord]) -> None:
    """Keep a slim copy of `product` if it may air wrong; ASCII is always drawable (DejaVu is bundled),
    so a big catalog with page URLs keeps next to nothing."""
    unusual = [variant for variant in product.variants if not all(option.isascii() for option in variant.options)]
    if not seen and (not product.url or not product.title.isascii() or unusual):
        kept[product.handle] = ProductRecord(product.handle, product.title, url=product.url, variants=unusual)
    elif seen and unusual:  # a later row of the same product (plain CSV)
        kept.setdefault(product.handle, ProductRecord(product.handle, "", url=product.url)).variants.extend(unusual)


class CatalogImportError(UserInputError):
    def __init__(self, source: str, problems: list[RowProblem]):
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n  ".join(str(problem) for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}, nothing was imported:\n  {lines}")


class RowChecker:
    """Parses one row's fields, recording a RowProblem for each bad value."""

    def __init__(self, problems: list[RowProblem], line: int | None):
        self.problems = problems
        self.line = line

    def problem(self, column: str, value: object, reason: str) -> None:
        self.problems.append(RowProblem(self.line, column, "" if value is None else str(value), reason))

    def price(self, column: str, raw: object, currency: str, *, required: bool) -> Decimal | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.problem(column, raw, "a price is required")
            return None
        try:
            return parse_price(raw, currency if currency in CURRENCY_MINOR_UNITS else "USD", column)
        except PriceError as error:
            self.problem(column, raw, error.reason)
            return None

    def currency(self, column: str, raw: object, default: str) -> str:
        """The row's currency code (or `default` when the row has none)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return default
        try:
            return check_currency(raw, column)
        except UserInputError:
            self.problem(column, raw, "not an ISO 4217 currency code (for example USD, EUR, JPY)")
            return default

    def stock(self, column: str, raw: object) -> int | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            self.problem(column, raw, "stock must be a whole number")
            return None
        text = str(raw).strip()
        if not re.fullmatch(r"-?[0-9]{1,30}", text):
            self.problem(column, raw, "stock must be a whole number")
            return None
        if int(text) > MAX_STOCK:
            self.problem(column, raw, f"stock above {MAX_STOCK:,} is not a real count")
            return None
        # Shopify exports negative quantities for oversold items; the studio shows 0.
        return max(int(text), 0)

    def compare_at(
        self, column: str, raw: object, price: Decimal | None, currency: str, warnings: list[str], sku: str = ""
    ) -> Decimal | None:
        value = self.price(column, raw, currency, required=False)
        if value is not None and price is not None and value <= price:
            # Shopify accepts this and simply shows no strike-through; so do we.
            where = ", ".join(part for part in (f"line {self.line}" if self.line is not None else "", sku and f"SKU {sku}") if part)
            warnings.append(f"{where + ': ' if where else ''}compare-at price {value} is not above price {price}; ignored")
            return None
        return value


def slugify(text: str) -> str:
    """A handle from a title in any script: letters, marks and digits kept, the rest '-'.

    A title with none of those (emoji, punctuation) gets a handle derived from its
    hash, so distinct titles never fall back to one shared handle.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else "-" for char in folded)
    slug = re.sub(r"-+", "-", kept).strip("-")
    if slug:
        return slug
    return "product-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]


def product_url(store_url: str, handle: str) -> str:
    """STORE/products/HANDLE, the handle percent-encoded (it may be in any script)."""
    return f"{store_url.rstrip('/')}/products/{quote(handle, safe='')}"


def split_list(text: str | None, separator: str = ",") -> list[str]:
    if not text:
        return []
    return [item.strip() for item in str(text).split(separator) if item.strip()]
