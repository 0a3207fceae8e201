"""How a live command is declared: `@live_command(...)` on a dataclass puts it in REGISTRY.

Everything else about a command is derived from that one declaration (studio/wire/commands.py):
the vendor request table, parsing and bounds (parse_command), the take-to-air set (`on_air`),
where the engine runs it (`runs_on`), the `studio control` verb and docs/control.md.
"""

from __future__ import annotations

import functools
import queue
import time
import typing
from concurrent.futures import Future
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar, Literal

from studio.wire.bounds import Bound, check_bounds, options_of, split_annotation
from studio.wire.errors import CommandError
from studio.wire.protocol import Status

# "engine": applied on the engine's frame thread at a frame boundary, through its one inbox.
# "worker": on the engine process's worker thread (SQLite writes, opening sources, preflight), off the
# frame loop; it may hand follow-up "engine" commands to the inbox and wait for them.
# "gateway": answered in the gateway process (the comment bus: studio/gateway/comments/requests.py); it
# never crosses the channel as itself, though its handler may send the engine other commands.
RunsOn = Literal["engine", "worker", "gateway"]


@dataclass(frozen=True)
class Arg:
    """One argument of a `studio control` verb: positional (`sku`) or an option (`--label`)."""
    name: str
    field: str = ""          # the command field it fills; "" : the same name without dashes
    parse: str = ""          # "" : as the field's type; or a parser studio/commands/control.py names
    help: str = ""
    default: Any = None
    metavar: str | None = None

    @property
    def field_name(self) -> str:
        return self.field or self.name.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Verb:
    """`studio control NAME ARGS...` sending this command."""
    name: str
    help: str
    args: tuple[Arg, ...] = ()


@dataclass(frozen=True)
class Spec:
    name: str
    doc: str
    runs_on: RunsOn
    on_air: bool             # it changes what airs: its take-to-air is measured
    vendor: bool             # a CallVendorRequest clients may send; False: made by the gateway or the engine itself
    gateway: bool            # made by the gateway from an OBS request (it may cross the channel like a vendor one)
    answers: str             # the answer's shape, for docs/control.md
    verb: Verb | None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    base: Any                # the type (`int`, `str | None`, `list[str]`)
    bounds: tuple[Bound, ...]
    required: bool
    default: Any

    @property
    def doc(self) -> str:
        return " ".join(bound.doc for bound in self.bounds if bound.doc)


@dataclass(kw_only=True)
class Command:
    declaration: ClassVar[Spec]   # what @live_command said (`spec` is a field name of some commands)
    future: Future = field(default_factory=Future, repr=False, compare=False)
    received_at_s: float = field(default_factory=time.monotonic, repr=False, compare=False)


REGISTRY: dict[str, type[Command]] = {}
_PLUMBING = ("future", "received_at_s")


def live_command(*, doc: str, runs_on: RunsOn = "engine", on_air: bool = False, vendor: bool = False,
                 gateway: bool = False, answers: str = "", verb: Verb | None = None):
    """Declare a live command: a dataclass whose fields are the request's data."""
    def declare(cls: type) -> type[Command]:
        if cls.__name__ in REGISTRY:
            raise TypeError(f"live command {cls.__name__} is declared twice")
        cls = dataclass(cls)
        cls.declaration = Spec(name=cls.__name__, doc=doc, runs_on=runs_on, on_air=on_air, vendor=vendor,
                               gateway=gateway, answers=answers, verb=verb)
        REGISTRY[cls.__name__] = cls
        return cls
    return declare


@functools.cache
def field_specs(cls: type[Command]) -> tuple[FieldSpec, ...]:
    """The request's fields with their types and bounds (the Command plumbing left out)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    result = []
    for f in fields(cls):
        if f.name in _PLUMBING:
            continue
        base, bounds = split_annotation(hints[f.name])
        required = f.default is MISSING and f.default_factory is MISSING
        default = f.default if f.default is not MISSING else (None if required else f.default_factory())
        result.append(FieldSpec(f.name, base, bounds, required, default))
    return tuple(result)


def command_data(command: Command) -> dict:
    """The request data that parses back into `command` (what a typed client sends)."""
    return {spec.name: getattr(command, spec.name) for spec in field_specs(type(command))}


def check_command(command: Command) -> None:
    """Every field within its declared bounds (a command built in-process is held to the client's limits)."""
    name = type(command).__name__
    for spec in field_specs(type(command)):
        check_bounds(name, spec.name, spec.bounds, getattr(command, spec.name))


_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", dict: "an object",
               list: "a list"}


def type_name(option: Any) -> str:
    if typing.get_origin(option) is list:
        (item,) = typing.get_args(option)
        return f"a list of {_TYPE_NAMES.get(item, str(item)).removeprefix('a ')}s"
    return _TYPE_NAMES.get(option, getattr(option, "__name__", str(option)))


def parse_command(cls: type[Command], data: object, request: str) -> Command:
    """The command `data` describes, or a CommandError naming the missing, unknown, mistyped or
    out-of-range field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request}: requestData must be an object")
    own = field_specs(cls)
    allowed = ", ".join(spec.name for spec in own) or "no fields"
    unknown = sorted(set(data) - {spec.name for spec in own}, key=str)
    if unknown:
        raise CommandError(Status.TOO_MANY_REQUEST_FIELDS,
                           f"{request}: unknown field {str(unknown[0])[:40]!r}; it takes {allowed}")
    values = {}
    for spec in own:
        if spec.name not in data:
            if spec.required:
                raise CommandError(Status.MISSING_REQUEST_FIELD, f"{request}: missing field {spec.name!r} ({allowed})")
            continue
        value = _checked(request, spec, data[spec.name])
        check_bounds(request, spec.name, spec.bounds, value)
        values[spec.name] = value
    return cls(**values)


def _checked(request: str, spec: FieldSpec, value: object) -> object:
    options = options_of(spec.base)
    if value is None and type(None) in options:
        return None
    for option in options:
        if option is Any:
            return value
        if option is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(_in_int64(request, spec, value))
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return _in_int64(request, spec, value)
        if typing.get_origin(option) is list and isinstance(value, list):
            (item,) = typing.get_args(option)
            if all(isinstance(element, item) for element in value):
                return value
            continue
        if option in (str, bool, dict, list) and isinstance(value, option):
            if option is str and spec.required and not value.strip():
                raise CommandError(Status.REQUEST_FIELD_EMPTY, f"{request}: field {spec.name!r} is empty")
            return value
    wanted = " or ".join(type_name(option) for option in options if option is not type(None))
    raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE,
                       f"{request}: field {spec.name!r} must be {wanted}, not {type(value).__name__}")


# Any integer field, declared bounds or not: wider than SQLite's and C's int64 is out of range (402),
# never an OverflowError later (float() of a huge integer, SQLite's LIMIT/OFFSET).
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


def _in_int64(request: str, spec: FieldSpec, value: int | float) -> int | float:
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        check_bounds(request, spec.name, spec.bounds, value)   # a declared limit is the one to name
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"{request}: field {spec.name!r} is out of range "
                                                              f"(a 64-bit integer: {INT64_MIN} to {INT64_MAX})")
    return value


class CommandQueue:
    """The engine's one inbox: any thread submits; the engine thread drains it at the start of a tick."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Command] = queue.SimpleQueue()

    def submit(self, command: Command) -> Future:
        self._queue.put(command)
        return command.future

    def drain(self) -> list[Command]:
        commands = []
        while True:
            try:
                commands.append(self._queue.get_nowait())
            except queue.Empty:
                return commands


__all__ = ["Arg", "Verb", "Spec", "FieldSpec", "Command", "REGISTRY", "RunsOn", "live_command", "field_specs",
           "command_data", "check_command", "parse_command", "CommandQueue", "CommandError"]
