"""The `studio` command line: one parser, sub-commands registered by modules.

Each sub-command's module (and with it PySide6, PyAV, NumPy, sqlite-utils...) is imported
only when that sub-command is parsed or its help is shown: start-up pays for one command,
not for all of them (docs/performance.md, start-up).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from studio import __version__
from studio.commands import COMMAND_MODULES, COMMANDS
from studio.core.show.db_errors import explain
from studio.errors import StudioError


def build_parser(prepare: bool = True) -> argparse.ArgumentParser:
    """`prepare=False`: a parser whose commands start nothing before their modules load (studio.commands.Command):
    for reading a command line again from its `prepare` step."""
    parser = argparse.ArgumentParser(
        prog="studio",
        description="Live Shopping Studio: live shopping shows to many platforms at once. "
                    "With no command, opens the producer console.",
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    parser.add_argument("--db", dest="window_db", metavar="PATH",
                        help="the studio database, for the window or any command (a command's own --db wins; "
                             "default: $STUDIO_DB, else the user data directory)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for command in COMMANDS:
        if command.module in COMMAND_MODULES:
            subparsers.add_parser(command.name, help=command.help, command_module=command.module,
                                  prepare=command.prepare if prepare else None)
    return parser


class _CommandParser(argparse.ArgumentParser):
    """A sub-command's parser, declared by its module's `register` the first time it is used."""

    def __init__(self, *args, command_module: str | None = None, prepare: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._command_module = command_module
        self._prepare = prepare

    def _declare(self) -> None:
        if self._command_module is not None:
            module_name, self._command_module = self._command_module, None
            importlib.import_module(module_name).register(_Declare(self))

    def parse_known_args(self, args=None, namespace=None):
        if self._prepare is not None and self._command_module is not None:
            module_name, _, function = self._prepare.partition(":")
            getattr(importlib.import_module(module_name), function)(list(args or []))
        self._declare()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._declare()
        return super().format_usage()

    def format_help(self) -> str:
        self._declare()
        return super().format_help()


class _Declare:
    """What a command module's `register(subparsers)` is given: its `add_parser(name, ...)` fills in
    the parser already listed under that name (the listing's help is declared in studio.commands)."""

    def __init__(self, parser: argparse.ArgumentParser):
        self._parser = parser

    def add_parser(self, name: str, description: str | None = None, help: str | None = None, **unexpected):
        if unexpected or not self._parser.prog.endswith(f" {name}"):
            raise TypeError(f"register() of {name}: add_parser takes a description only, got {sorted(unexpected)}")
        if description is not None:
            self._parser.description = description
        return self._parser


# Set before any command imports NumPy. Its OpenBLAS starts a thread per core when it loads (about
# 50 ms of every command's start-up here, docs/performance.md); nothing here does linear algebra.
# A value the user set wins.
ENVIRONMENT_DEFAULTS = {"OPENBLAS_NUM_THREADS": "1"}


_own_process = False


def own_process() -> bool:
    """The command runs in a process of its own (a command line), not called in another program's process
    (tests, docs examples): what it starts early may then be forked from it (studio/commands/_early_start.py)."""
    return _own_process


def main(argv: list[str] | None = None) -> int:
    global _own_process
    _own_process = argv is None
    for name, value in ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if argv is None:          # a process of its own (not a call from tests or docs examples in this process)
        from studio import crash_reports

        crash_reports.install(args.command or "window")
        if handler is not None:
            crash_reports.notice_on_stderr()      # the window offers them in a dialog instead
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
