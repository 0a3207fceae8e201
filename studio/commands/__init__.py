"""Headless sub-commands of `studio`.

Each command is declared here once: its name, the module that implements it and the
one-line help `studio --help` lists. The module is imported only when its command is
used (parsed or asked for `--help`): `studio catalog list` never loads PySide6, PyAV or
NumPy, and `studio broadcast` does not pay for the control service or the importers.

Each module exposes `register(subparsers)`, which adds its parser (`add_parser(name, ...)`:
the description and options; the listing's help comes from here) and sets `handler`
(a callable taking the parsed arguments and returning an exit code).
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    name: str
    module: str
    help: str
    # "module:function" called with the command's argument strings before `module` is imported
    # (that import is most of start-up): it starts what can run meanwhile.
    prepare: str | None = None


COMMANDS = (
    Command("broadcast", "studio.commands.broadcast", "run a show headless to RTMP destinations and/or a recording",
            prepare="studio.commands._early_start:start_broadcast"),
    Command("engine", "studio.commands.engine",
            "run a show that stays up, commanded by `studio control`, the window or an OBS remote",
            prepare="studio.commands._early_start:start_engine"),
    Command("control", "studio.commands.control", "command a running `studio engine` (take, next, countdown, go live, ...)"),
    Command("host", "studio.commands.host",
            "the host view: on-air product, price, stock, time left, talking points, what comes next"),
    Command("catalog", "studio.commands.catalog", "import and list products"),
    Command("show", "studio.commands.show", "create, inspect and export shows"),
    Command("rundown", "studio.commands.rundown", "build a show's run sheet"),
    Command("render", "studio.commands.render", "write one graphic over a test background to a PNG"),
    Command("destination", "studio.commands.destination", "stored streaming destinations and their keys"),
    Command("relay", "studio.commands.relay", "write an nginx-rtmp relay that fans one stream out to every destination"),
    Command("preflight", "studio.commands.preflight", "check the encoder settings against each destination's platform limits"),
    Command("webhook", "studio.commands.webhook", "signed \"now featured\" webhooks to the shop: add, list, remove, test"),
    Command("orders", "studio.commands.orders", "orders coming in from the shop: their secrets, the latest lines, low-stock thresholds"),
    Command("report", "studio.commands.report", "after the show: sales per airing from the shop's orders export"),
    Command("comments", "studio.commands.comments", "comment sources, the audience's comments and their claims"),
    Command("devices", "studio.commands.devices", "list cameras and microphones by name"),
)

# The modules `studio.cli.build_parser` registers (tests narrow it to the commands they run).
COMMAND_MODULES = [command.module for command in COMMANDS]
