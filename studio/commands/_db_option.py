"""`--db PATH` for every show-data sub-command, resolved the same way everywhere."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils loads click and pluggy: only the commands that open the database pay for it
    import sqlite_utils

ENV_VAR = "STUDIO_DB"
APP_NAME = "live-shopping-studio"


def default_db_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    import platformdirs  # only when the database is opened: a plain broadcast does not

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "studio.db"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"studio database file (default: ${ENV_VAR}, else the user data directory)",
    )


def db_path(args: argparse.Namespace) -> Path:
    """The command's own `--db`, else the one given before the command (`studio --db X show ...`), else the
    default."""
    if getattr(args, "db", None) is not None:
        return args.db
    before_command = getattr(args, "window_db", None)
    return Path(before_command) if before_command else default_db_path()


def open_db(args: argparse.Namespace) -> sqlite_utils.Database:
    from studio.core.show.db import open_database

    return open_database(db_path(args))


def warn(message: str) -> None:
    print(f"studio: warning: {message}", file=sys.stderr)


def add_leaf(subparsers, name: str, help_text: str, handler) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    add_db_option(parser)
    parser.set_defaults(handler=handler)
    return parser
