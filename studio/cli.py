"""The `studio` command line: one parser, sub-commands registered by modules."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys

from studio import __version__
from studio.commands import COMMAND_MODULES
from studio.core.show.db_errors import explain
from studio.errors import StudioError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description="Live Shopping Studio: live shopping shows to many platforms at once. "
                    "With no command, opens the producer console.",
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    parser.add_argument("--db", dest="window_db", metavar="PATH",
                        help="with no command: the database the window's engine uses (default: $STUDIO_DB)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from studio.ui.app import main as open_console

        return open_console(args.window_db)
    try:
        return int(handler(args) or 0)
    except StudioError as error:
        print(f"studio: error: {error}", file=sys.stderr)
        return getattr(error, "exit_code", 1)
    except sqlite3.Error as error:  # a database problem no command put in words: still one line
        print(f"studio: error: {explain(error, None)}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
