"""Typed live commands: one dataclass per request, applied on the engine thread.

The control service parses a request's data into its dataclass (field names and
types are the request's contract, see docs/control.md) and queues it; the engine
thread drains the queue at the start of a tick, applies each command and answers
through the command's future. Commands marked `engine_thread = False` do slow I/O
(the catalog in SQLite) and run on the service's worker thread instead.
"""

from __future__ import annotations

import queue
import time
import types
import typing
from concurrent.futures import Future
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar

from studio.wire.protocol import Status


class CommandError(Exception):
    """A request that cannot be carried out: the status code and a one-line reason for the client."""

    def __init__(self, code: int, comment: str):
        super().__init__(comment)
        self.code = int(code)
        self.comment = comment


@dataclass(kw_only=True)
class Command:
    engine_thread: ClassVar[bool] = True
    future: Future = field(default_factory=Future, repr=False, compare=False)
    received_at_s: float = field(default_factory=time.monotonic, repr=False, compare=False)


# -- vendor requests (names are the request names) -------------------------------------------------

@dataclass
class GetShowState(Command): pass

@dataclass
class PreviewProduct(Command):
    sku: str

@dataclass
class TakeProduct(Command):
    sku: str

@dataclass
class ClearProduct(Command): pass

@dataclass
class NextSegment(Command): pass

@dataclass
class PreviousSegment(Command): pass

@dataclass
class JumpToSegment(Command):
    index: int

@dataclass
class MoveSegment(Command):
    engine_thread: ClassVar[bool] = False
    from_index: int
    to_index: int

@dataclass
class SetTalkingPoints(Command):
    engine_thread: ClassVar[bool] = False
    index: int
    talking_points: list    # of str, checked when written (studio.core.show.rundown.set_talking_points)

@dataclass
class AddSegment(Command):
    """A product segment for `sku` (its card up from the start), inserted before `index`; -1: at the end."""
    engine_thread: ClassVar[bool] = False
    sku: str
    index: int = -1
    duration_s: float = 120.0

@dataclass
class SetAutoAdvance(Command):
    enabled: bool

@dataclass
class ShowGraphic(Command):
    kind: str
    params: dict = field(default_factory=dict)

@dataclass
class HideGraphic(Command):
    kind: str

@dataclass
class StartCountdown(Command):
    duration_s: float
    label: str = ""

@dataclass
class CancelCountdown(Command): pass

@dataclass
class ReconnectDestination(Command):
    label: str

@dataclass
class SetVideoSource(Command):
    engine_thread: ClassVar[bool] = False
    spec: str

@dataclass
class SetAudioSource(Command):
    engine_thread: ClassVar[bool] = False
    spec: str

@dataclass
class SetMute(Command):
    muted: bool

@dataclass
class SetGain(Command):
    gain_db: float

@dataclass
class SetVerticalCrop(Command):
    offset: float       # -1 left edge .. 0 centre .. +1 right edge of the camera picture

@dataclass
class AddMarker(Command):
    text: str

@dataclass
class Shutdown(Command): pass

@dataclass
class GetPlatformPresets(Command):
    """The platform presets (`studio destination presets --json`): what the window's add dialog offers."""
    engine_thread: ClassVar[bool] = False

@dataclass
class AddDestination(Command):
    """Store a destination (docs/destinations.md) and, enabled, give it to the engine: live at once when the
    show is live. The key goes to the key store; it is kept out of this command's repr."""
    engine_thread: ClassVar[bool] = False
    name: str
    preset: str
    url: str = ""                                          # "" : the preset's fixed URL
    key: str = field(default="", repr=False)
    canvas: str = ""                                       # "" : the platform's default canvas
    enabled: bool = True

@dataclass
class RemoveDestination(Command):
    engine_thread: ClassVar[bool] = False
    name: str

@dataclass
class SetDestinationEnabled(Command):
    engine_thread: ClassVar[bool] = False
    name: str
    enabled: bool

@dataclass
class GetCatalog(Command):
    engine_thread: ClassVar[bool] = False
    search: str = ""
    category: str = ""
    in_stock: bool = False
    limit: int = 200
    offset: int = 0
    with_images: bool = False

@dataclass
class SetPrice(Command):
    engine_thread: ClassVar[bool] = False
    sku: str
    price: Any            # a number or a decimal string, as the producer typed it
    compare_at: Any = None

@dataclass
class SetStock(Command):
    engine_thread: ClassVar[bool] = False
    sku: str
    stock: int


VENDOR_COMMANDS: dict[str, type[Command]] = {cls.__name__: cls for cls in (
    GetShowState, GetCatalog, GetPlatformPresets, PreviewProduct, TakeProduct, ClearProduct, NextSegment, PreviousSegment,
    JumpToSegment, MoveSegment, AddSegment, SetTalkingPoints, SetAutoAdvance, ShowGraphic, HideGraphic, StartCountdown, CancelCountdown,
    SetPrice, SetStock, ReconnectDestination, SetVideoSource, SetAudioSource, SetMute, SetGain, AddMarker, Shutdown,
    SetVerticalCrop, AddDestination, RemoveDestination, SetDestinationEnabled,
)}


# -- what OBS requests become (studio mode: segments are scenes) -----------------------------------

@dataclass
class SetPreviewSegment(Command):
    index: int

@dataclass
class Take(Command):
    transition: str = "Cut"
    duration_ms: int = 0

@dataclass
class SetTransition(Command):
    name: str | None = None
    duration_ms: int | None = None

@dataclass
class SetStreaming(Command):
    active: bool | None    # None: toggle

@dataclass
class SetRecording(Command):
    active: bool | None

@dataclass
class SetOutput(Command):
    label: str
    active: bool | None

@dataclass
class WaitFrames(Command):
    frames: int

@dataclass
class PreflightStream(Command):
    """Before going live: why the destinations (all, or these labels) would be refused; network I/O."""
    engine_thread: ClassVar[bool] = False
    labels: list | None = None


# -- prepared off the engine thread (slow I/O done), applied on it ----------------------------------

@dataclass
class ReplaceSegments(Command):
    segments: list     # list[Segment], re-read after MoveSegment wrote the new order

@dataclass
class SwapVideo(Command):
    spec: str
    source: Any        # an opened, started VideoSource

@dataclass
class SwapAudio(Command):
    spec: str
    source: Any        # an opened AudioSource

@dataclass
class GetSceneList(Command): pass

@dataclass
class AttachDestination(Command):
    destination: Any   # a DestinationPlan (its URL carries the key; kept out of its repr)
    keystore: Any = field(default=None, repr=False)   # opened off the engine thread: spends single-use keys

@dataclass
class DetachDestination(Command):
    name: str          # the stored destination's name
    keep_listed: bool = False    # disabled: still listed in the state, off
    listing: dict | None = None  # {label, name, canvas} for one the engine never had (added switched off)


# What may come from the gateway over its channel: plain fields only (the prepared commands above
# carry opened sources and plans, made in the engine process).
GATEWAY_COMMANDS: dict[str, type[Command]] = {**VENDOR_COMMANDS, **{cls.__name__: cls for cls in (
    SetPreviewSegment, Take, SetTransition, SetStreaming, SetRecording, SetOutput, WaitFrames, PreflightStream,
    GetSceneList)}}


# -- parsing request data into a command ------------------------------------------------------------

# Integer fields: anything wider than SQLite's and C's int64 is refused at parsing (402), never an OverflowError later.
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1

_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", dict: "an object",
               list: "a list"}


def parse_command(cls: type[Command], data: object, request: str) -> Command:
    """The command `data` describes, or a CommandError naming the missing, unknown or mistyped field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request}: requestData must be an object")
    hints = typing.get_type_hints(cls)
    own = [f for f in fields(cls) if f.name not in ("future", "received_at_s")]
    allowed = ", ".join(f.name for f in own) or "no fields"
    unknown = sorted(set(data) - {f.name for f in own})
    if unknown:
        raise CommandError(Status.TOO_MANY_REQUEST_FIELDS,
                           f"{request}: unknown field {unknown[0]!r}; it takes {allowed}")
    values = {}
    for f in own:
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise CommandError(Status.MISSING_REQUEST_FIELD, f"{request}: missing field {f.name!r} ({allowed})")
            continue
        required = f.default is MISSING and f.default_factory is MISSING
        values[f.name] = _checked(request, f.name, hints[f.name], data[f.name], required)
    return cls(**values)


def _checked(request: str, name: str, expected: Any, value: object, required: bool) -> object:
    options = typing.get_args(expected) if typing.get_origin(expected) in (typing.Union, types.UnionType) else (expected,)
    if value is None and type(None) in options:
        return None
    for option in options:
        if option is Any:
            return value
        if option is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(_in_int64(request, name, value))
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return _in_int64(request, name, value)
        if option in (str, bool, dict, list) and isinstance(value, option):
            if option is str and required and not value.strip():
                raise CommandError(Status.REQUEST_FIELD_EMPTY, f"{request}: field {name!r} is empty")
            return value
    wanted = " or ".join(_TYPE_NAMES.get(option, str(option)) for option in options if option is not type(None))
    raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request}: field {name!r} must be {wanted}, not {type(value).__name__}")


def _in_int64(request: str, name: str, value: int | float) -> int | float:
    """JSON integers have no size limit; no field of ours needs more than int64 (SQLite's, and a float's range)."""
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                           f"{request}: field {name!r} is out of range (a 64-bit integer: {INT64_MIN} to {INT64_MAX})")
    return value


class CommandQueue:
    """Any thread submits; the engine thread drains at the start of a tick."""

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
