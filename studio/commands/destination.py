"""`studio destination add|list|remove|enable|disable|set-key`.

Stream keys come from an environment variable (--key-env VAR) or standard input
(--key-stdin), never from the command line, where other users and shell history
would see them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from studio.commands._db_option import add_leaf, open_db
from studio.core.canvas import CANVAS_NAMES
from studio.core.keystore import KeyStore
from studio.core.output.platforms import PLATFORMS, get_platform
from studio.core.secrets import redact_url
from studio.core.output import platform_table
from studio.core.show import destinations as store
from studio.core.show.rundown import get_show
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser("destination")
    commands = parser.add_subparsers(dest="destination_command", metavar="ACTION", required=True)

    add_parser = add_leaf(commands, "add", "store a destination (a key pasted into the URL is moved to the key store)", add)
    add_parser.add_argument("name")
    add_parser.add_argument("--preset", required=True, choices=list(PLATFORMS), help="platform preset")
    add_parser.add_argument("--url", help="ingest URL (fixed-URL presets default to their RTMPS URL)")
    add_parser.add_argument("--canvas", choices=CANVAS_NAMES,
                            help="the canvas it receives (default: the platform's, vertical for TikTok and Instagram)")
    _add_key_options(add_parser, required=False)

    list_parser = add_leaf(commands, "list", "list destinations (keys are never shown)", list_)
    list_parser.add_argument("--json", action="store_true")

    for action, help_text, handler in (
        ("remove", "delete a destination and its keys", remove),
        ("enable", "send to this destination with --all-destinations", enable),
        ("disable", "keep the destination but do not send to it with --all-destinations", disable),
    ):
        leaf = add_leaf(commands, action, help_text, handler)
        leaf.add_argument("name")

    presets_parser = commands.add_parser("presets", help="the platform presets, each limit with its source and confidence",
                                         description="The platform presets, each limit with its source and confidence")
    presets_parser.add_argument("--json", action="store_true")
    presets_parser.set_defaults(handler=presets)

    canvas_parser = add_leaf(commands, "set-canvas", "bind a destination to the landscape or vertical canvas", set_canvas)
    canvas_parser.add_argument("name")
    canvas_parser.add_argument("canvas", choices=(*CANVAS_NAMES, "default"),
                               help="'default' follows the platform again")

    key_parser = add_leaf(commands, "set-key", "set or replace a destination's stream key", set_key)
    key_parser.add_argument("name")
    _add_key_options(key_parser, required=True)


def _add_key_options(parser: argparse.ArgumentParser, required: bool) -> None:
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("--key-env", metavar="VAR", help="read the stream key from environment variable VAR")
    source.add_argument("--key-stdin", action="store_true", help="read the stream key from standard input")
    # Hidden: a key typed on the command line is refused with the reason, not echoed back.
    parser.add_argument("--key", dest="key_on_command_line", help=argparse.SUPPRESS)
    parser.add_argument("--show", metavar="SHOW", help="the key belongs to this show only (TikTok, Instagram: a key per show)")


def read_key(args: argparse.Namespace) -> str | None:
    if args.key_on_command_line is not None:
        raise UserInputError("--key: stream keys are not taken on the command line (other users and the shell "
                             "history would see them); use --key-env VAR or --key-stdin")
    if args.key_env:
        value = os.environ.get(args.key_env)
        if not value or not value.strip():
            raise UserInputError(f"--key-env {args.key_env}: the environment variable is not set or empty")
        return value
    if args.key_stdin:
        if sys.stdin.isatty():
            return getpass.getpass("stream key (not shown): ")
        return sys.stdin.read()
    return None


def _check_show(db, show: str | None) -> None:
    if show is not None:
        get_show(db, show)


def add(args: argparse.Namespace) -> int:
    key = read_key(args)
    db = open_db(args)
    _check_show(db, args.show)
    keystore = KeyStore.open()
    added = store.add_destination(db, keystore, args.name, args.preset, url=args.url, key=key, show=args.show,
                                  canvas=args.canvas)
    destination = added.destination
    print(f"added destination {destination.name} ({get_platform(destination.preset).display_name}, "
          f"{redact_url(destination.url)}, {destination.canvas} canvas)")
    if added.moved_key_masked:
        held = "secret query values" if added.moved_key_masked.startswith("?") else "a stream key"
        print(f"the URL held {held}: moved {added.moved_key_masked} to {keystore.description}; "
              f"the stored URL is {redact_url(destination.url)}")
    elif key is not None:
        print(f"stream key kept in {keystore.description}")
    else:
        print(f"no stream key yet: studio destination set-key {destination.name} --key-stdin")
    return 0


def _row(destination: store.Destination, keystore: KeyStore) -> dict:
    platform = get_platform(destination.preset)
    return {
        "name": destination.name,
        "preset": destination.preset,
        "platform": platform.display_name,
        "state": "enabled" if destination.enabled else "disabled",
        "url": redact_url(destination.url),
        "canvas": destination.canvas,
        "key": store.key_state(keystore, destination.name).value,
        "show_keys": {show: store.key_state(keystore, destination.name, show).value
                      for show in keystore.shows_with_keys(destination.name)},
        "single_use_key": platform.key_single_use,
    }


def list_(args: argparse.Namespace) -> int:
    keystore = KeyStore.open()
    rows = [_row(d, keystore) for d in store.list_destinations(open_db(args))]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no destinations (add one: studio destination add NAME --preset youtube --key-stdin)")
    for row in rows:
        shows = "".join(f", {show}: {state}" for show, state in row["show_keys"].items())
        print(f"{row['name']:<16} {row['state']:<8} {row['preset']:<10} {row['canvas']:<10} key {row['key']}{shows}  "
              f"{row['url']}")
    return 0


def remove(args: argparse.Namespace) -> int:
    store.remove_destination(open_db(args), KeyStore.open(), args.name)
    print(f"removed destination {args.name} and its keys")
    return 0


def enable(args: argparse.Namespace) -> int:
    store.set_enabled(open_db(args), args.name, True)
    print(f"destination {args.name}: enabled")
    return 0


def disable(args: argparse.Namespace) -> int:
    store.set_enabled(open_db(args), args.name, False)
    print(f"destination {args.name}: disabled")
    return 0


def set_canvas(args: argparse.Namespace) -> int:
    destination = store.set_canvas(open_db(args), args.name, None if args.canvas == "default" else args.canvas)
    followed = "" if destination.chosen_canvas else " (the platform's default)"
    print(f"destination {args.name}: {destination.canvas} canvas{followed}")
    return 0


def set_key(args: argparse.Namespace) -> int:
    key = read_key(args)
    db = open_db(args)
    _check_show(db, args.show)
    keystore = KeyStore.open()
    store.set_key(db, keystore, args.name, key, show=args.show)
    scope = f" for show {args.show}" if args.show else ""
    print(f"destination {args.name}: stream key{scope} kept in {keystore.description}")
    return 0


def presets(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(platform_table.as_data(), indent=2))
    else:
        print("\n".join(platform_table.text_lines()))
    return 0
