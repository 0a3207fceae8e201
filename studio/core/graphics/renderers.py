"""Which renderer draws which graphic, and which data each graphic accepts: both from the registry."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Callable

from studio.core.graphics.kinds import GRAPHIC_KINDS
from studio.core.graphics.painting import Rendering
from studio.core.graphics.theme import Theme


def check_data(kind: str, data: object) -> None:
    """Reject a bad command in the caller's thread, before it can reach the engine."""
    declared = GRAPHIC_KINDS.get(kind)
    if declared is None:
        raise ValueError(f"unknown graphic {kind!r}; expected one of {', '.join(GRAPHIC_KINDS)}")
    if not isinstance(data, declared.data_type):
        raise TypeError(f"graphic {kind!r} takes {declared.data_type.__name__}, not {type(data).__name__}")


@cache
def renderer_for(kind: str) -> Callable[..., Rendering | list[Rendering]]:
    module_name, function_name = GRAPHIC_KINDS[kind].renderer.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def render_graphic(kind: str, data: object, width: int, height: int, theme: Theme, locale, show_time_s: float = 0.0) -> list[Rendering]:
    """Every layer of one graphic at one size; a clock-driven graphic is drawn as it reads at `show_time_s`."""
    renderer = renderer_for(kind)
    if GRAPHIC_KINDS[kind].clock_driven:
        rendered = renderer(data, width, height, theme, locale, show_time_s)
    else:
        rendered = renderer(data, width, height, theme, locale)
    return rendered if isinstance(rendered, list) else [rendered]
