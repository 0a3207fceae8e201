"""`studio catalog import|list|set-price|set-stock`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time

from studio.commands._db_option import add_leaf, db_path, open_db, warn
from studio.core.show.catalog import Catalog, list_catalog
from studio.core.show.catalog_store import apply_import, image_cache_for
from studio.core.show.importers import load_catalog
from studio.core.show.importers.json_catalog import catalog_document
from studio.core.show.money import check_currency, plain
from studio.core.show.progress import ProgressLines
from studio.core.show.records import CatalogImportError
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser("catalog")
    commands = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    imp_parser = add_leaf(commands, "import", "import a Shopify CSV, a plain CSV, our JSON, or a store URL", import_catalog)
    imp_parser.add_argument("source", metavar="PATH_OR_URL")
    imp_parser.add_argument("--store-url", help="store address for product page URLs (STORE/products/HANDLE)")
    imp_parser.add_argument("--currency", default="USD", help="currency of CSV and storefront prices (default USD)")
    imp_parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="plain CSV: read COLUMN as FIELD (sku, title, price, compare_at_price, stock, image, url...)")
    imp_parser.add_argument("--no-images", action="store_true", help="do not fetch product images")
    imp_parser.add_argument("--json-lines", action="store_true",
                            help="for programs (the console's import dialog): progress, row problems and the "
                                 "summary as JSON lines on standard output")

    lst_parser = add_leaf(commands, "list", "list products and variants", list_products)
    lst_parser.add_argument("--json", action="store_true", help="print the catalog in the studio's JSON format")

    price_parser = add_leaf(commands, "set-price", "change a variant's price", set_price)
    price_parser.add_argument("sku")
    price_parser.add_argument("price")
    group_parser = price_parser.add_mutually_exclusive_group()
    group_parser.add_argument("--compare-at", help="new compare-at (strike-through) price")
    group_parser.add_argument("--no-compare-at", action="store_true", help="remove the compare-at price")

    stock_parser = add_leaf(commands, "set-stock", "change a variant's stock", set_stock)
    stock_parser.add_argument("sku")
    stock_parser.add_argument("stock", type=int)


def _column_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, separator, field = pair.partition("=")
        if not separator or not column.strip() or not field.strip():
            raise UserInputError(f"--map {pair!r}: expected COLUMN=FIELD, e.g. 'Retail Price=price'")
        mapping[column.strip()] = field.strip()
    return mapping


def import_catalog(args: argparse.Namespace) -> int:
    currency = check_currency(args.currency, "--currency")
    if args.json_lines:
        progress = JsonProgress()
    else:
        progress = ProgressLines(f"studio: {args.source}", lambda line: print(line, file=sys.stderr, flush=True))
    try:
        parsed = load_catalog(args.source, store_url=args.store_url, currency=currency,
                              column_map=_column_map(args.map), progress=progress)
        db = open_db(args)
        images = None if args.no_images else image_cache_for(db_path(args))
        summary = apply_import(db, parsed, images)
    except CatalogImportError as error:
        if not args.json_lines:
            raise
        _json_line({"problems": [dataclasses.asdict(problem) for problem in error.problems], "source": error.source})
        return 2
    for warning in summary.warnings:
        warn(warning)
    message = (f"{summary.source}: {summary.products} products; variants: {summary.created} created, "
               f"{summary.updated} updated, {summary.unchanged} unchanged")
    if args.json_lines:
        _json_line({"summary": message, "products": summary.products, "created": summary.created,
                    "updated": summary.updated, "unchanged": summary.unchanged, "warnings": summary.warnings})
    else:
        print(message)
    return 0


def _json_line(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


class JsonProgress:
    """`(phase, done_bytes, total_bytes)` as JSON lines, at most ten a second (and the last of each phase)."""

    def __init__(self, interval_s: float = 0.1):
        self.interval_s, self.last_s, self.last = interval_s, 0.0, None

    def __call__(self, phase: str, done_bytes: int, total_bytes: int) -> None:
        now_s = time.monotonic()
        if (phase, done_bytes) != self.last and (now_s - self.last_s >= self.interval_s or done_bytes >= total_bytes):
            self.last_s, self.last = now_s, (phase, done_bytes)
            _json_line({"progress": phase, "done": done_bytes, "total": total_bytes})


def list_products(args: argparse.Namespace) -> int:
    products = list_catalog(open_db(args))
    if args.json:
        print(json.dumps(catalog_document(products), indent=2, ensure_ascii=False))
        return 0
    print(f"{'SKU':<18} {'PRICE':>9} {'WAS':>9} {'STOCK':>5}  PRODUCT")
    for product in products:
        flag = f" [{product['status']}]" if product["status"] != "active" else ""
        for variant in product["variants"]:
            name = product["title"] + (f" — {' / '.join(variant['options'])}" if variant["options"] else "")
            image = "" if variant["image_path"] or not variant["image_source"] else " (image missing)"
            stock = "?" if variant["stock"] is None else variant["stock"]
            compare_at = plain(variant["compare_at_price"]) if variant["compare_at_price"] else ""
            print(
                f"{variant['sku']:<18} {plain(variant['price']):>9} {compare_at:>9} "
                f"{stock:>5}  {name}{flag}{image}"
            )
    return 0


def set_price(args: argparse.Namespace) -> int:
    compare_at = None if args.no_compare_at else (args.compare_at if args.compare_at is not None else ...)
    catalog = Catalog(open_db(args))
    if compare_at is ...:
        snapshot = catalog.edit_price(args.sku, args.price)
    else:
        snapshot = catalog.edit_price(args.sku, args.price, compare_at)
    was = f" (was {snapshot.compare_at_price})" if snapshot.compare_at_price else ""
    print(f"{snapshot.sku}: {snapshot.price} {snapshot.currency}{was}")
    return 0


def set_stock(args: argparse.Namespace) -> int:
    snapshot = Catalog(open_db(args)).edit_stock(args.sku, args.stock)
    print(f"{snapshot.sku}: {snapshot.stock} in stock")
    return 0
