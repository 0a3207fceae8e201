"""Headless sub-commands of `studio`.

Each module listed here exposes `register(subparsers)`, which adds its parser and
sets `handler` (a callable taking the parsed arguments and returning an exit code).
"""

COMMAND_MODULES = [
    "studio.commands.broadcast",
    "studio.commands.engine",
    "studio.commands.control",
    "studio.commands.catalog",
    "studio.commands.show",
    "studio.commands.rundown",
    "studio.commands.render",
    "studio.commands.destination",
    "studio.commands.preflight",
]
