"""`studio report sales`: what each airing of a show sold, from a Shopify orders export (docs/store.md)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from studio.commands._db_option import add_leaf, open_db
from studio.core.show.orders_export import read_orders
from studio.core.show.sales import parse_window, sales_report
from studio.core.show.sales_html import sales_html

FORMATS = ("json", "csv", "html")


def register(subparsers) -> None:
    parser = subparsers.add_parser("report")
    commands = parser.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    sales = add_leaf(commands, "sales", "sales per airing: a Shopify orders export against the show's as-run log",
                     sales_command)
    sales.add_argument("--show", required=True, metavar="NAME")
    sales.add_argument("--orders", required=True, type=Path, metavar="FILE", help="the Shopify orders export (CSV)")
    sales.add_argument("--window", default="15m", help="how long after an airing its orders still count (default 15m)")
    sales.add_argument("--format", default="json", choices=FORMATS)
    sales.add_argument("--out", type=Path, metavar="PATH", help="write here instead of standard output")
    sales.add_argument("--run", type=int, help="the as-run log's run (default: the latest)")


def sales_command(args) -> int:
    window = parse_window(args.window)
    lines = read_orders(args.orders)
    report, airings = sales_report(open_db(args), args.show, lines, window, args.run)
    if args.format == "json":
        text = json.dumps(report, indent=2) + "\n"
    elif args.format == "csv":
        text = _csv(report)
    else:
        text = sales_html(args.show, report, airings, lines, window)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"sales report written to {args.out}", file=sys.stderr)
    return 0


def _csv(report: dict) -> str:
    columns = ["index", "sku", "title", "on_air_s", "units", "revenue", "orders_per_min_on_air"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*columns, "currency"], lineterminator="\n")
    writer.writeheader()
    for segment in report["segments"]:
        writer.writerow({**segment, "currency": report["currency"]})
    writer.writerow({"index": "", "sku": "", "title": "not attributed", **report["not_attributed"],
                     "currency": report["currency"]})
    return out.getvalue()
