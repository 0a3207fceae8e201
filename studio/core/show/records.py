"""What an importer produces: plain product records plus every problem found.

Importers never write to the database; they parse and validate the whole source
first so a file with any bad row imports nothing and reports all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from studio.errors import UserInputError

PRODUCT_STATUSES = ("active", "draft", "archived")


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


@dataclass
class ParsedCatalog:
    source: str
    products: list[ProductRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Relative image paths in a file are relative to the file, not to the cwd.
    base_dir: Path | None = None

    def raise_if_invalid(self) -> None:
        if self.problems:
            raise CatalogImportError(self.source, self.problems)


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

    def price(self, column: str, raw: object, *, required: bool) -> Decimal | None:
        text = "" if raw is None else str(raw).strip()
        if not text:
            if required:
                self.problem(column, raw, "a price is required")
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.problem(column, raw, "not a number (write prices like 19.99, without currency signs)")
            return None
        if not value.is_finite():
            self.problem(column, raw, "not a finite number")
            return None
        if value < 0:
            self.problem(column, raw, "a price cannot be negative")
            return None
        return value

    def stock(self, column: str, raw: object) -> int | None:
        text = "" if raw is None else str(raw).strip()
        if not text:
            return None
        if not re.fullmatch(r"-?\d+", text):
            self.problem(column, raw, "stock must be a whole number")
            return None
        # Shopify exports negative quantities for oversold items; the studio shows 0.
        return max(int(text), 0)

    def compare_at(self, column: str, raw: object, price: Decimal | None, warnings: list[str]) -> Decimal | None:
        value = self.price(column, raw, required=False)
        if value is not None and price is not None and value <= price:
            # Shopify accepts this and simply shows no strike-through; so do we.
            where = f"line {self.line}: " if self.line is not None else ""
            warnings.append(f"{where}compare-at price {value} is not above price {price}; ignored")
            return None
        return value


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "product"


def split_list(text: str | None, separator: str = ",") -> list[str]:
    if not text:
        return []
    return [item.strip() for item in str(text).split(separator) if item.strip()]
