"""Which renderer draws which graphic, from the registry (studio/core/graphics/kinds.py)."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Callable

from studio.core.graphics.kinds import GRAPHIC_KINDS
from studio.core.graphics.painting import Rendering
from studio.core.graphics.theme import Theme


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
