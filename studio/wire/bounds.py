"""The limits of a live command's fields, declared beside the field with `typing.Annotated`.

`sku: Annotated[str, Text(64)]` is a string of at most 64 characters; `Range`, `Items`
and `Keys` bound numbers, lists and objects. parse_command checks every field against
its declaration before anything runs, so a client's huge string or out-of-range number
ends at the edge as a failed request naming the limit (402), never deeper in the engine.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from studio.wire.errors import CommandError
from studio.wire.protocol import Status


@dataclass(frozen=True)
class Doc:
    """A field's one-line note for docs/control.md (for fields no bound describes, e.g. a bool)."""
    doc: str = ""

    def check(self, request: str, name: str, value: object) -> None:
        pass

    def describe(self) -> str:
        return ""


@dataclass(frozen=True)
class Text:
    max_chars: int
    doc: str = ""

    def check(self, request: str, name: str, value: object) -> None:
        if isinstance(value, str) and len(value) > self.max_chars:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"{request}: field {name!r} is {len(value)} characters, at most {self.max_chars}")

    def describe(self) -> str:
        return f"≤ {self.max_chars} chars"


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str = ""
    doc: str = ""

    def holds(self, value: float) -> bool:
        # NaN and infinities fail the comparison too: they never reach a handler
        return math.isfinite(value) and self.low <= value <= self.high

    def check(self, request: str, name: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        if not self.holds(value):
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"{request}: field {name!r} must be {self.describe()}")

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{_number(self.low)}…{_number(self.high)}{unit}"


@dataclass(frozen=True)
class Items:
    """A list of at most `max_items`, each bounded by `item`; `item_name` words the refusal ("talking point 1 ...")."""
    max_items: int
    item: Text | Range | None = None
    item_name: str = "item"
    doc: str = ""

    def check(self, request: str, name: str, value: object) -> None:
        if not isinstance(value, list):
            return
        if len(value) > self.max_items:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"{request}: field {name!r} has {len(value)} items, at most {self.max_items}")
        if isinstance(self.item, Text):
            for position, item in enumerate(value, 1):
                if isinstance(item, str) and len(item) > self.item.max_chars:
                    raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                                       f"{request}: {self.item_name} {position} is {len(item)} characters, "
                                       f"at most {self.item.max_chars}")

    def describe(self) -> str:
        each = f", each {self.item.describe()}" if self.item is not None else ""
        return f"≤ {self.max_items} items{each}"


@dataclass(frozen=True)
class Keys:
    """An object of at most `max_keys` entries whose text values have at most `max_value_chars`."""
    max_keys: int
    max_value_chars: int
    doc: str = ""

    def check(self, request: str, name: str, value: object) -> None:
        if not isinstance(value, dict):
            return
        if len(value) > self.max_keys:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"{request}: field {name!r} has {len(value)} entries, at most {self.max_keys}")
        for key, item in value.items():
            for text in (key, item):
                if isinstance(text, str) and len(text) > self.max_value_chars:
                    raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                                       f"{request}: field {name!r}: {str(key)[:40]!r} is longer than "
                                       f"{self.max_value_chars} characters")
            if not isinstance(item, (str, int, float, bool, type(None))):
                raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE,
                                   f"{request}: field {name!r}: {str(key)[:40]!r} must be text, a number or true/false")

    def describe(self) -> str:
        return f"≤ {self.max_keys} entries, text ≤ {self.max_value_chars} chars"


Bound = Doc | Text | Range | Items | Keys


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.0e}".replace("+0", "").replace("+", "")


def split_annotation(annotation: Any) -> tuple[Any, tuple[Bound, ...]]:
    """`Annotated[int, Range(0, 9)]` -> (int, (Range(0, 9),)); a bare type has no bounds."""
    if typing.get_origin(annotation) is Annotated:
        base, *extra = typing.get_args(annotation)
        return base, tuple(item for item in extra if isinstance(item, (Doc, Text, Range, Items, Keys)))
    return annotation, ()


def options_of(base: Any) -> tuple[Any, ...]:
    """The types a value may have: `int | None` -> (int, NoneType)."""
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        return typing.get_args(base)
    return (base,)


def needs_bound(base: Any) -> bool:
    """Whether a field of this type can be arbitrarily large, so it must declare a limit."""
    for option in options_of(base):
        if option in (str, int, float, list, dict) or typing.get_origin(option) in (list, dict):
            return True
    return False


def check_bounds(request: str, name: str, bounds: tuple[Bound, ...], value: object) -> None:
    for bound in bounds:
        bound.check(request, name, value)


__all__ = ["Doc", "Text", "Range", "Items", "Keys", "Bound", "split_annotation", "options_of", "needs_bound",
           "check_bounds", "Annotated"]
