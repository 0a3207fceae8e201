"""`studio control`: command a running `studio engine` from the command line (docs/control.md).

The verbs that send one live command are declared with it (studio/wire/commands.py `verb=`);
the ones that ask first, watch, or manage destinations are written here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading

from studio.wire import commands
from studio.wire.client import ConnectError, ControlClient, find_local_engine
from studio.wire.bounds import Range
from studio.wire.commands import REGISTRY, field_specs
from studio.wire.connect_info import WILDCARD_HOSTS, control_password, local_engine_url, reachable_host
from studio.wire.protocol import DEFAULT_HOST, DEFAULT_PORT
from studio.core.show.cues import parse_duration
from studio.errors import StudioError, UserInputError

PASSWORD_ENV = "STUDIO_CONTROL_PASSWORD"


def register(subparsers) -> None:
    parser = subparsers.add_parser("control",
                                   description="Talk to the engine over its control API, as a Stream Deck would.")
    parser.add_argument("--url", help="ws://HOST:PORT of another engine (password from $STUDIO_CONTROL_PASSWORD "
                                      "or this user's password file)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, handler, *arguments: tuple[str, dict]):
        sub = actions.add_parser(name, help=help_text, description=help_text)
        for flag, options in arguments:
            sub.add_argument(flag, **options)
        sub.set_defaults(handler=run_control, run=handler)
        return sub

    action("connect-info", "print the address and password to paste into a Stream Deck or Companion", _connect_info)
    for command_class in REGISTRY.values():   # every verb declared with its command (studio/wire/commands.py)
        if command_class.declaration.verb is not None:
            _add_verb(actions, command_class)
    action("golive", "start streaming to every destination (asks first)", _go_live, ("--yes", {"action": "store_true"}))
    action("stop", "stop streaming (asks first)", _stop, ("--yes", {"action": "store_true"}))
    action("record", "start or stop the recording", _record, ("what", {"choices": ["start", "stop"]}))
    _register_destination(actions)
    _register_comment(actions)
    action("watch", "print every event as a JSON line until interrupted", _watch)


def _add_verb(actions, command_class) -> None:
    verb = command_class.declaration.verb
    types = {spec.name: spec.base for spec in field_specs(command_class)}
    sub = actions.add_parser(verb.name, help=verb.help, description=verb.help)
    for arg in verb.args:
        options: dict = {"help": arg.help} if arg.help else {}
        if arg.metavar:
            options["metavar"] = arg.metavar
        if arg.parse == "key_values":
            options.update(action="append", default=[])
        elif arg.parse != "duration":
            options["type"] = int if arg.parse == "one_based" else _ARGUMENT_TYPES.get(types[arg.field_name], str)
        if arg.name.startswith("-") and arg.parse != "key_values":
            options["default"] = arg.default
        sub.add_argument(arg.name, **options)
    sub.set_defaults(handler=run_control, run=lambda args: _command_from(command_class, args))


_ARGUMENT_TYPES = {int: int, float: float}


def _command_from(command_class, args):
    bounds = {spec.name: spec.bounds for spec in field_specs(command_class)}
    values = {}
    for arg in command_class.declaration.verb.args:
        value = getattr(args, arg.name.lstrip("-").replace("-", "_"))
        values[arg.field_name] = _PARSERS[arg.parse](value) if arg.parse else value
        if arg.parse == "duration":      # said in the verb's words, held to the field's declared range
            _within(command_class.declaration.verb.name, value, values[arg.field_name], bounds[arg.field_name])
    return command_class(**values)


def _within(verb: str, text: str, seconds: float, bounds: tuple) -> None:
    for bound in bounds:
        if isinstance(bound, Range) and not bound.holds(seconds):
            raise UserInputError(f"{verb} {text!r}: must be {bound.describe()}")


def _key_values(items: list[str]) -> dict:
    params = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise UserInputError(f"--param {item!r}: expected KEY=VALUE")
        try:
            params[key] = json.loads(text)
        except ValueError:
            params[key] = text
    return params


# The verb specs name these parsers (studio/wire cannot import the core's duration syntax).
_PARSERS = {
    "one_based": lambda n: n - 1,                                   # `jump 1` is segment 0
    "duration": lambda text: parse_duration(text, "countdown", checked=False),   # 5m, 90, 1:30; range: _within
    "key_values": _key_values,                                      # --param K=V (repeatable)
    "names": lambda text: [name.strip() for name in text.split(",") if name.strip()],   # --inputs A,B
    "on_off": lambda text: {"on": True, "off": False}[text] if text in ("on", "off") else _not_on_off(text),
}


def _not_on_off(text: str):
    raise UserInputError(f"{text!r}: expected on or off")


def _register_destination(actions) -> None:
    """`studio control destination add|remove|enable|disable`: the engine stores it and, live, starts it now."""
    parser = actions.add_parser("destination", help="add, remove, enable or disable a destination on the running engine",
                                description="Store a destination (as `studio destination add` does) and send to it "
                                            "from the next keyframe when the show is live.")
    verbs = parser.add_subparsers(dest="destination_action", metavar="ACTION", required=True)
    add = verbs.add_parser("add", help="store a destination and use it now", description="store a destination and use it now")
    add.add_argument("name")
    add.add_argument("--preset", required=True, help="platform preset (`studio destination presets`)")
    add.add_argument("--url", dest="ingest_url", default="", metavar="URL", help="ingest URL (fixed-URL presets default to their RTMPS URL)")
    key = add.add_mutually_exclusive_group()
    key.add_argument("--key-env", metavar="VAR", help="read the stream key from environment variable VAR")
    key.add_argument("--key-stdin", action="store_true", help="read the stream key from standard input")
    add.add_argument("--key", dest="key_on_command_line", help=argparse.SUPPRESS)
    add.add_argument("--canvas", choices=["landscape", "vertical"],
                     help="the canvas it receives (default: the platform's: vertical for TikTok and Instagram)")
    add.add_argument("--disabled", action="store_true", help="store it switched off")
    add.set_defaults(handler=run_control, run=_destination_add)
    for verb, help_text, request in (
        ("remove", "stop sending to it and delete it with its keys", lambda a: commands.RemoveDestination(name=a.name)),
        ("enable", "switch it on (sent to now when live)",
         lambda a: commands.SetDestinationEnabled(name=a.name, enabled=True)),
        ("disable", "switch it off (stops now when live)",
         lambda a: commands.SetDestinationEnabled(name=a.name, enabled=False)),
    ):
        sub = verbs.add_parser(verb, help=help_text, description=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=run_control, run=request)


def _register_comment(actions) -> None:
    """`studio control comment feature ID|clear|newest-question|queue SECONDS|hide|show|pin|unpin ID`."""
    parser = actions.add_parser("comment", help="feature, clear, queue and moderate the audience's comments",
                                description="The audience's comments on the running show (docs/comments.md); IDs as "
                                            "`studio comments show` lists them.")
    verbs = parser.add_subparsers(dest="comment_action", metavar="ACTION", required=True)
    for verb, help_text, needs_id, request in (
        ("feature", "put that comment on air", True, lambda a: commands.FeatureComment(id=a.id)),
        ("clear", "take the featured comment off air", False, lambda a: commands.ClearComment()),
        ("newest-question", "feature the newest question", False, lambda a: commands.FeatureNewestQuestion()),
        *((action, f"{action} a comment", True,
           lambda a, action=action: commands.ModerateComment(id=a.id, action=action))
          for action in ("hide", "show", "pin", "unpin")),
    ):
        sub = verbs.add_parser(verb, help=help_text, description=help_text)
        if needs_id:
            sub.add_argument("id", type=int)
        sub.set_defaults(handler=run_control, run=request)
    queue = verbs.add_parser("queue", help="air the pinned comments one after another (0 stops)",
                             description="air the pinned comments one after another, each for SECONDS (0 stops)")
    queue.add_argument("seconds", type=float)
    queue.set_defaults(handler=run_control, run=lambda a: commands.SetCommentQueue(seconds=a.seconds))


def _destination_add(args):
    from studio.commands.destination import read_key   # the same key rules as `studio destination add`

    key = read_key(args)
    return commands.AddDestination(name=args.name, preset=args.preset, url=args.ingest_url, key=key or "",
                                   canvas=args.canvas or "", enabled=not args.disabled)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise UserInputError(f"{question} Not confirmed: add --yes")
    if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
        raise UserInputError("not confirmed; nothing changed")


def _go_live(args):
    _confirm("Go live to every destination?", args.yes)
    return "obs", "StartStream", {}


def _stop(args):
    _confirm("Stop streaming?", args.yes)
    return "obs", "StopStream", {}


def _record(args):
    return "obs", "StartRecord" if args.what == "start" else "StopRecord", {}


def _connect_info(args):
    """The running engine's address, else the default one: a remote can be set up before the show."""
    try:
        url = args.url or local_engine_url()
    except StudioError:
        url = f"ws://{DEFAULT_HOST}:{DEFAULT_PORT}"
    host_port = url.split("://", 1)[-1]
    listen_host, _, port = host_port.rpartition(":")
    listen_host = listen_host.strip("[]")
    info = {"url": url, "host": listen_host, "port": int(port), "password": control_password()}
    if listen_host in WILDCARD_HOSTS:   # 0.0.0.0 is where the engine listens, not an address to connect to
        host = reachable_host(listen_host)
        shown = f"[{host}]" if host and ":" in host else host
        info.update(url=f"ws://{shown}:{port}" if host else None, host=host, note=(
            f"the engine listens on every address of this machine ({listen_host}); "
            + (f"{host} is its address on the default route: if the Stream Deck is on another network, use "
               "the address of this machine that network reaches" if host else
               "this machine has no route to a network: choose the address a Stream Deck can reach "
               "(ip addr / ipconfig) and use it with this port")))
    _print(json.dumps(info, indent=2))
    return None


WATCH = ("watch",)


def _watch(args):
    return WATCH


def _connect(args) -> ControlClient:
    # One line per problem: websockets logs its own internal errors (a server that speaks junk)
    # with a traceback on its connection thread; the ConnectError says what happened.
    logging.getLogger("websockets").setLevel(logging.CRITICAL)
    if args.url:
        password = os.environ.get(PASSWORD_ENV) or control_password(create=False)
        try:
            return ControlClient(args.url, password).connect()
        except ConnectError as error:   # a wrong address is a usage error: one line, status 2
            raise UserInputError(f"--url: {error}") from None
    url, password = find_local_engine()
    return ControlClient(url, password).connect()


def _print(text: str) -> bool:
    """Print and flush; False when the reader of stdout has gone (`| head`): stdout then points
    at /dev/null, so that nothing more (nor the flush at exit) fails, and the command ends quietly."""
    try:
        print(text, flush=True)
        return True
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return False


def run_control(args) -> int:
    what = args.run(args)
    if what is None:
        return 0
    if what == WATCH:
        return _run_watch(args)
    with _connect(args) as client:
        if isinstance(what, commands.Command):
            answer = client.call(what)
        else:   # ("obs", request type, data)
            answer = client.request(what[1], what[2])
    _print(json.dumps(answer, indent=2) if answer else "ok")
    return 0


def _run_watch(args) -> int:
    closed = threading.Event()

    def print_event(event_type: str, data: dict) -> None:
        if event_type == "ConnectionClosed":
            closed.set()
            return
        if not closed.is_set() and not _print(json.dumps({"event": event_type, "data": data})):
            closed.set()   # nobody reads any more: stop watching

    client = _connect(args)
    client.on_event(print_event)
    try:
        closed.wait()
    except KeyboardInterrupt:
        pass
    finally:
        client.close()
    return 0
