"""Reading a catalog from a file or a store URL into validated records.

`load_catalog` picks the importer; none of them writes to the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from studio.core.show.fetch import FetchLimits
from studio.core.show.importers.json_catalog import json_catalog
from studio.core.show.importers.plain_csv import iter_plain_csv
from studio.core.show.importers.csv_rows import ProgressCallback, check_delimiter, check_encoding, read_rows
from studio.core.show.importers.shopify_csv import iter_shopify_csv, looks_like_shopify
from studio.core.show.importers.storefront import parse_storefront
from studio.core.show.money import check_currency
from studio.core.show.records import ParsedCatalog, ProductRecord
from studio.errors import UserInputError


def load_catalog(
    source: str,
    *,
    store_url: str | None = None,
    currency: str = "USD",
    column_map: dict[str, str] | None = None,
    fetch_limits: FetchLimits | None = None,
    progress: ProgressCallback | None = None,
) -> ParsedCatalog:
    """The catalog at `source`, checked: `problems` lists every bad row.

    `progress(phase, done, size)` is called as a file is read; a CSV or JSON file is
    read twice ("checking", then "importing" while it is written) rather than held
    in memory as records, so a 50 MB catalog imports in flat memory.
    """
    currency = check_currency(currency)
    if source.startswith(("http://", "https://")):
        parsed = parse_storefront(source, currency, fetch_limits)
    else:
        parsed = _load_file(source, store_url, currency, column_map, progress)
    parsed.scan()
    return parsed


def _load_file(source, store_url, currency, column_map, progress) -> ParsedCatalog:
    path = Path(source)
    if not path.is_file():
        raise UserInputError(f"{source}: no such file")
    try:
        if path.suffix.lower() == ".json":
            return json_catalog(path, store_url, currency, progress)
        if path.suffix.lower() in (".csv", ".txt"):
            check_encoding(path)
            if next(read_rows(path), None) is None:
                raise UserInputError(f"{source}: the file is empty")

            def reread(sink: ParsedCatalog, phase: str) -> Iterator[ProductRecord]:
                report = None if progress is None else partial(progress, phase)
                rows = read_rows(path, report)
                first = next(rows)
                header = [name.strip() for name in first[1]]
                check_delimiter(path, header)
                rows = _prepend(first, rows)
                if looks_like_shopify(header):
                    yield from iter_shopify_csv(sink, rows, store_url, currency)
                else:
                    yield from iter_plain_csv(sink, rows, store_url, currency, column_map)

            return ParsedCatalog(str(path), base_dir=path.parent, reread=reread)
    except UnicodeDecodeError as error:
        raise UserInputError(f"{source}: not UTF-8 text (byte {error.start}); save it as CSV UTF-8") from None
    except OSError as error:
        raise UserInputError(f"{source}: cannot read ({error.strerror or error})") from None
    raise UserInputError(f"{source}: unknown catalog format; expected .csv or .json, or a store URL")


def _prepend(first, rest):
    yield first
    yield from rest
