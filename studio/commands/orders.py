"""`studio orders secret|list|threshold`: orders coming in from the shop while the show runs (docs/store.md).

The secrets are read from standard input (Shopify's), or generated and shown once (`signed`), and kept
in the key store. A running engine reads them when it starts its gateway.
"""

from __future__ import annotations

import sys

from studio.commands._db_option import add_leaf, open_db
from studio.core.show.db import transaction
from studio.core.show.order_secrets import ORDER_SOURCES, set_order_secret
from studio.errors import UserInputError
from studio.gateway.webhook_signing import new_secret


def register(subparsers) -> None:
    parser = subparsers.add_parser("orders")
    commands = parser.add_subparsers(dest="orders_command", metavar="ACTION", required=True)

    secret = commands.add_parser("secret", help="set the secret order deliveries are checked with",
                                 description="shopify: paste the app's webhook signing secret on standard input; "
                                             "signed: a whsec_ secret is generated and shown once (or --secret-stdin)")
    secret.add_argument("source", choices=ORDER_SOURCES)
    secret.add_argument("--secret-stdin", action="store_true", help="read it from standard input (always for shopify)")
    secret.set_defaults(handler=set_secret)

    listing = add_leaf(commands, "list", "the latest order lines received", list_)
    listing.add_argument("--limit", type=int, default=20)

    threshold = add_leaf(commands, "threshold", "a product's low-stock threshold (the low-stock alert shows at or under it)",
                         set_threshold)
    threshold.add_argument("sku")
    threshold.add_argument("stock", type=int)


def set_secret(args) -> int:
    if args.source == "shopify" or args.secret_stdin:
        secret = sys.stdin.readline().strip()
        set_order_secret(args.source, secret)
        print(f"{args.source} order secret stored")
    else:
        secret = new_secret()
        set_order_secret(args.source, secret)
        print(f"signed order secret (shown once; give it to the sender): {secret}")
    return 0


def list_(args) -> int:
    rows = open_db(args).query(
        "SELECT order_name, created_at, sku, quantity, price, currency, delivery_id FROM order_lines "
        "ORDER BY id DESC LIMIT ?", [args.limit])
    for row in rows:
        print(f"{row['order_name']:<10} {row['created_at']:<26} {row['sku']:<16} x{row['quantity']:<4} "
              f"{row['price']} {row['currency']}  ({row['delivery_id'].split(':', 1)[0]})")
    return 0


def set_threshold(args) -> int:
    if args.stock < 0:
        raise UserInputError("the threshold is a stock level, 0 or more")
    db = open_db(args)
    with transaction(db):
        changed = db.execute("UPDATE variants SET low_stock_threshold = ? WHERE sku = ?", [args.stock, args.sku]).rowcount
    if not changed:
        raise UserInputError(f"no variant with SKU {args.sku!r} in the catalog")
    print(f"{args.sku}: low-stock alert at {args.stock} or fewer")
    return 0
