"""A layout of inputs as plain data: its kind, the inputs it names in order, the inset's place and size.

Stored with a rundown segment, carried by the control API's layout requests, drawn by
studio/core/inputs/layouts.py. No pictures here (the CLI and the show store import it).
"""

from __future__ import annotations

import dataclasses

from studio.errors import UserInputError

# kind -> how many inputs it shows
LAYOUT_INPUTS = {"full": 1, "pip": 2, "side": 2}
LAYOUT_HELP = {"full": "one input full screen", "pip": "the second input in a corner of the first (x, y, size)",
               "side": "two inputs side by side (on a portrait canvas stacked, the second above the first)"}
PIP_MARGIN = 0.03            # of the canvas's width, between the inset and the edge
PIP_SIZE_RANGE = (0.1, 0.6)  # the inset's width as a fraction of the canvas's


@dataclasses.dataclass(frozen=True)
class Layout:
    kind: str
    inputs: tuple[str, ...]
    x: float = 1.0       # pip: where the inset sits across the room it has, 0 left .. 1 right
    y: float = 1.0       # pip: 0 top .. 1 bottom
    size: float = 0.3    # pip: the inset's width, a fraction of the canvas's

    def __post_init__(self):
        wanted = LAYOUT_INPUTS.get(self.kind)
        if wanted is None:
            raise UserInputError(f"layout {self.kind!r}: expected {', '.join(LAYOUT_INPUTS)}")
        if len(self.inputs) != wanted:
            raise UserInputError(f"layout {self.kind} shows {wanted} input{'s' if wanted > 1 else ''}, "
                                 f"not {len(self.inputs)} ({', '.join(self.inputs) or 'none given'})")
        low, high = PIP_SIZE_RANGE
        if not (0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0 and low <= self.size <= high):
            raise UserInputError(f"layout pip: x and y between 0 and 1, size between {low} and {high}")

    def as_dict(self) -> dict:
        data = {"kind": self.kind, "inputs": list(self.inputs)}
        if self.kind == "pip":
            data.update(x=self.x, y=self.y, size=self.size)
        return data


def layout_from_dict(data: object, where: str = "layout") -> Layout:
    """A layout from its stored or imported form ({"kind", "inputs", and for pip "x", "y", "size"})."""
    if not isinstance(data, dict) or not isinstance(data.get("inputs"), list):
        raise UserInputError(f"{where}: expected {{\"kind\": \"pip\", \"inputs\": [\"host\", \"closeup\"]}}")
    extra = {key: float(data[key]) for key in ("x", "y", "size") if isinstance(data.get(key), (int, float))}
    return Layout(str(data.get("kind")), tuple(str(name) for name in data["inputs"]), **extra)


def layout_from_text(text: str, where: str = "--layout") -> Layout:
    """`side:host,guest`, `pip:host,closeup`, `full:guest` (the command line's spelling)."""
    kind, sep, names = text.partition(":")
    if not sep:
        raise UserInputError(f"{where} {text!r}: expected KIND:INPUT[,INPUT], e.g. pip:host,closeup")
    return Layout(kind.strip(), tuple(name.strip() for name in names.split(",") if name.strip()))
