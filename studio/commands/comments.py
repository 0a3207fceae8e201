"""`studio comments add|list|remove|show|rules|claims`: a show's comment sources, its comments and claims.

Secrets come from standard input (`--api-key-stdin`, `--token-stdin`, `--secret-stdin`) into the key
store, never from the command line. A running engine with that show starts a new source within a few
seconds (it asks for the sources again, docs/comments.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys

from studio.commands._db_option import add_leaf, db_path, open_db
from studio.errors import UserInputError
from studio.gateway.comments import store
from studio.gateway.comments.sources import SOURCE_KINDS, add_source, list_sources, remove_source


def register(subparsers) -> None:
    parser = subparsers.add_parser("comments", description="Comments from the audience: sources, the feed, claims")
    actions = parser.add_subparsers(dest="comments_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="store a comment source for a show", description="store a comment source")
    kinds = add.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind in SOURCE_KINDS.values():
        leaf = add_leaf(kinds, kind.name, kind.title, add_)
        leaf.add_argument("--show", required=True, metavar="NAME", help="the show it feeds")
        leaf.add_argument("--name", help="the source's name (default: SHOW-KIND)")
        leaf.add_argument("--api-base", metavar="URL", default=kind.default_api_base or None,
                          help="the API's base URL (a proxy, a test server)" + (
                              f"; default {kind.default_api_base}" if kind.default_api_base else ""))
        for setting in kind.settings:
            leaf.add_argument(f"--{setting.name}", required=setting.required, type=setting.type,
                              default=setting.default, help=setting.help)
        for secret in kind.secrets:
            leaf.add_argument(f"--{secret.name}-stdin", action="store_true", help=f"read {secret.help} from standard input")

    listing = add_leaf(actions, "list", "the stored sources (secrets never shown)", list_)
    listing.add_argument("--show", metavar="NAME")
    listing.add_argument("--json", action="store_true")

    remove = add_leaf(actions, "remove", "delete a source and its secrets", remove_)
    remove.add_argument("name")

    show = add_leaf(actions, "show", "the comments stored for a show, oldest first", show_)
    show.add_argument("--show", required=True, metavar="NAME")
    show.add_argument("--search", metavar="TEXT", default="", help="only comments whose text or author contains TEXT")
    show.add_argument("--limit", type=int, default=store.MAX_SEARCH_RESULTS)
    show.add_argument("--json", action="store_true")

    rules = add_leaf(actions, "rules", "a show's moderation and claim rules (no option: show them)", rules_)
    rules.add_argument("--show", required=True, metavar="NAME")
    rules.add_argument("--block-word", action="append", default=[], metavar="WORD")
    rules.add_argument("--block-author", action="append", default=[], metavar="NAME")
    rules.add_argument("--claim-word", action="append", metavar="WORD", help="replaces the claim words (SOLD, claim, mine)")
    rules.add_argument("--keyword", action="append", default=[], metavar="WORD=SKU", help="a product's keyword")
    rules.add_argument("--hold", type=float, metavar="SECONDS", help="how long a claim holds stock")
    rules.add_argument("--planned-minutes", type=float, help="the show's planned length (quota budgets)")

    claims = add_leaf(actions, "claims", "the show's claims for fulfilment", claims_)
    claims.add_argument("--show", required=True, metavar="NAME")
    claims.add_argument("--format", choices=("csv",), default="csv")


def _connect(args: argparse.Namespace):
    """The database brought up to date by the studio's one opener, then read as the gateway reads it."""
    open_db(args).close()
    return store.connect(db_path(args))


def _read_secret(label: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"{label} (not shown): ")
    return sys.stdin.readline()


def add_(args: argparse.Namespace) -> int:
    from studio.core.keystore import KeyStore

    kind = SOURCE_KINDS[args.kind]
    asked = [secret for secret in kind.secrets if getattr(args, f"{secret.name.replace('-', '_')}_stdin")]
    if args.kind == "youtube" and len(asked) != 1:
        raise UserInputError("youtube: give one of --api-key-stdin or --token-stdin")
    if args.kind == "twitch":
        needed = ("broadcaster_id", "user_id", "client_id") if asked else ("channel",)
        missing_ids = [name for name in needed if not getattr(args, name)]
        if missing_ids:
            how = "EventSub (--token-stdin) needs" if asked else "read-only chat (no token) needs"
            raise UserInputError(f"twitch: {how} --{missing_ids[0].replace('_', '-')}")
    missing = [s.name for s in kind.secrets if s.required and s not in asked]
    if missing:
        raise UserInputError(f"{kind.name}: --{missing[0]}-stdin is needed (secrets are read from standard input)")
    name = args.name or f"{args.show}-{kind.name}"
    settings = {s.name.replace("-", "_"): getattr(args, s.name.replace("-", "_")) for s in kind.settings}
    settings["api_base"] = args.api_base or ""
    secrets = {secret.name: _read_secret(secret.help) for secret in asked}   # all read before anything is stored
    conn = _connect(args)
    add_source(conn, name, store.show_id(conn, args.show), kind.name, settings)
    keystore = KeyStore.open()
    try:
        for secret_name, value in secrets.items():
            keystore.set_source_secret(name, secret_name, value)
    except BaseException:
        remove_source(conn, name)
        raise
    print(f"added comment source {name} ({kind.title}) for show {args.show}"
          + (f"; {', '.join(secrets)} kept in {keystore.description}" if secrets else ""))
    return 0


def list_(args: argparse.Namespace) -> int:
    sources = list_sources(_connect(args), args.show)
    if args.json:
        print(json.dumps([{"name": s.name, "show": s.show, "kind": s.kind, "settings": s.settings,
                           "enabled": s.enabled} for s in sources], indent=2))
        return 0
    if not sources:
        print("no comment sources (studio comments add KIND --show NAME ...)")
    for source in sources:
        detail = ", ".join(f"{key}={value}" for key, value in source.settings.items() if value not in ("", None))
        print(f"{source.name}\t{source.kind}\t{source.show}\t{detail}")
    return 0


def remove_(args: argparse.Namespace) -> int:
    from studio.core.keystore import KeyStore

    if not remove_source(_connect(args), args.name):
        raise UserInputError(f"no comment source named {args.name!r} (studio comments list)")
    KeyStore.open().forget_source(args.name)
    print(f"removed comment source {args.name} and its secrets")
    return 0


def show_(args: argparse.Namespace) -> int:
    conn = _connect(args)
    comments = store.search(conn, store.show_id(conn, args.show), args.search, args.limit)
    if args.json:
        print(json.dumps([comment.as_event() for comment in comments], indent=2, ensure_ascii=False))
        return 0
    for comment in comments:
        when = dt.datetime.fromtimestamp(comment.posted_at, dt.timezone.utc).strftime("%H:%M:%S")
        flags = "".join(flag for flag, on in (("?", comment.question), ("H", comment.hidden), ("P", comment.pinned)) if on)
        print(f"{comment.id}\t{when}\t{comment.platform}\t{comment.author}\t{flags}\t{comment.text}")
    return 0


def rules_(args: argparse.Namespace) -> int:
    conn = _connect(args)
    show_id = store.show_id(conn, args.show)
    rules = store.load_rules(conn, show_id)
    rules.blocked_words += [w for w in args.block_word if w not in rules.blocked_words]
    rules.blocked_authors += [a for a in args.block_author if a not in rules.blocked_authors]
    if args.claim_word is not None:
        rules.claim_words = args.claim_word
    for pair in args.keyword:
        word, sep, sku = pair.partition("=")
        if not sep or not word.strip() or not sku.strip():
            raise UserInputError(f"--keyword {pair!r}: give WORD=SKU")
        rules.keywords[word.strip()] = sku.strip()
    if args.hold is not None:
        rules.hold_s = args.hold
    if args.planned_minutes is not None:
        rules.planned_minutes = args.planned_minutes
    store.save_rules(conn, show_id, rules)
    print(json.dumps(rules.__dict__, indent=2, ensure_ascii=False))
    return 0


def claims_(args: argparse.Namespace) -> int:
    conn = _connect(args)
    sys.stdout.write(store.claims_csv(conn, store.show_id(conn, args.show)))
    return 0
