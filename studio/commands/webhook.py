"""`studio webhook add|list|remove|test|log`: where the "now featured" events go (docs/store.md).

A signing secret is generated and shown once by `add` (or read from standard input with
--secret-stdin, never from the command line); it lives in the key store. A running engine hands the
endpoints to its gateway when it starts: restart the engine after a change.
"""

from __future__ import annotations

import json
import sys
import time

from studio.commands._db_option import add_leaf, open_db
from studio.core.show import webhook_endpoints as endpoints
from studio.errors import UserInputError
from studio.gateway.outbox import post
from studio.gateway.store_events import STORE_EVENTS, utc_now_iso
from studio.gateway.webhook_signing import new_secret, signed_headers


def register(subparsers) -> None:
    parser = subparsers.add_parser("webhook")
    commands = parser.add_subparsers(dest="webhook_command", metavar="ACTION", required=True)

    add_parser = add_leaf(commands, "add", "store an endpoint; its signing secret is shown once", add)
    add_parser.add_argument("name")
    add_parser.add_argument("url")
    add_parser.add_argument("--events", nargs="+", metavar="EVENT", default=[], choices=list(STORE_EVENTS),
                            help="only these store events (default: all)")
    add_parser.add_argument("--secret-stdin", action="store_true",
                            help="read the secret (whsec_...) from standard input instead of generating one")

    list_parser = add_leaf(commands, "list", "the endpoints, their events and queues (secrets are never shown)", list_)
    list_parser.add_argument("--json", action="store_true")

    remove_parser = add_leaf(commands, "remove", "delete an endpoint, its secret, queue and delivery log", remove)
    remove_parser.add_argument("name")

    test_parser = add_leaf(commands, "test", "send one signed webhook.test event now and print the answer", test)
    test_parser.add_argument("name")

    log_parser = add_leaf(commands, "log", "the latest delivery attempts of an endpoint", delivery_log)
    log_parser.add_argument("name")
    log_parser.add_argument("--limit", type=int, default=20)


def add(args) -> int:
    if args.secret_stdin:
        secret, shown = sys.stdin.readline().strip(), False
    else:
        secret, shown = new_secret(), True
    db = open_db(args)
    endpoint = endpoints.add(db, args.name, args.url, args.events, secret)
    print(f"webhook {endpoint.name} -> {endpoint.url} ({', '.join(endpoint.events) or 'every store event'})")
    if shown:
        print(f"signing secret (shown once; give it to the receiver): {secret}")
    return 0


def list_(args) -> int:
    db = open_db(args)
    counts = endpoints.queue_counts(db)
    rows = [{"name": e.name, "url": e.url, "events": list(e.events), **{state: counts.get(e.name, {}).get(state, 0)
             for state in ("pending", "delivered", "failed")}} for e in endpoints.endpoints(db)]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("no webhooks (add one: studio webhook add NAME URL)")
    for row in rows if not args.json else []:
        print(f"{row['name']}  {row['url']}  events: {', '.join(row['events']) or 'all'}  "
              f"pending {row['pending']}, delivered {row['delivered']}, failed {row['failed']}")
    return 0


def remove(args) -> int:
    endpoints.remove(open_db(args), args.name)
    print(f"webhook {args.name} removed")
    return 0


def test(args) -> int:
    endpoint = endpoints.get(open_db(args), args.name)
    secret = endpoints.secret_of(endpoint.name)
    if secret is None:
        raise UserInputError(f"webhook {endpoint.name}: its secret is missing from the key store; remove and add it again")
    now_s = time.time()
    body = json.dumps({"type": "webhook.test", "timestamp": utc_now_iso(now_s), "data": {"endpoint": endpoint.name}},
                      separators=(",", ":")).encode()
    status, error = post(endpoint.url, signed_headers(secret, f"msg_test_{int(now_s * 1000)}", int(now_s), body), body)
    if error is None and status is not None and 200 <= status < 300:
        print(f"webhook {endpoint.name}: HTTP {status}")
        return 0
    raise UserInputError(f"webhook {endpoint.name}: {error or f'HTTP {status}'}")


def delivery_log(args) -> int:
    db = open_db(args)
    endpoints.get(db, args.name)
    rows = db.query(
        "SELECT d.attempted_at, o.event_type, o.message_id, d.status, d.error, d.duration_ms FROM webhook_deliveries d "
        "JOIN webhook_outbox o ON o.id = d.outbox_id WHERE o.endpoint = ? ORDER BY d.id DESC LIMIT ?",
        [args.name, args.limit])
    for row in rows:
        outcome = f"HTTP {row['status']}" if row["error"] is None else row["error"]
        print(f"{row['attempted_at']}  {row['event_type']:<18} {row['message_id']}  {outcome}  {row['duration_ms']:.0f} ms")
    return 0
