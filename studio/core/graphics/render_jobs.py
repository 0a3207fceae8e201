"""The renderer's jobs: one graphic drawn with Qt and made ready to composite.

A job is a picklable call (a module function and plain data: the graphic's data, its box, the
theme, the locale's name), so the same job runs on a thread of the engine (tools, tests) or in the
graphics process (render_process.py), which sends back the finished PlacedLayers. Everything Qt
and every conversion of a layer's pixels happen here, never on the frame loop.
"""

from __future__ import annotations

from studio.core import composite_i420
from studio.core.composite import Layer
from studio.core.graphics.countdown import render_countdown
from studio.core.graphics.countdown_clock import CountdownFace
from studio.core.graphics.formatting import show_locale
from studio.core.graphics.painting import Rendering, bgra_view
from studio.core.graphics.renderers import render_graphic
from studio.core.graphics.slots import PlacedLayer
from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.resources import load_bundled_fonts
from studio.core.graphics.theme import Theme


def prepare_qt() -> None:
    """What QPainter needs before it can lay out text: the QGuiApplication and the bundled fonts."""
    ensure_gui_app()
    load_bundled_fonts()


def render_layers(kind: str, data, width: int, height: int, theme: Theme, locale_name: str,
                  i420_origin: tuple[int, int] | None = None) -> list[PlacedLayer]:
    """Every layer of one graphic at one size, ready to composite. `i420_origin`: where the graphic's
    box sits on an I420 canvas, whose planes the job then converts too."""
    return [placed_layer(rendering, i420_origin)
            for rendering in render_graphic(kind, data, width, height, theme, show_locale(locale_name))]


def countdown_layers(face: CountdownFace, width: int, height: int, theme: Theme, locale_name: str,
                     i420_origin: tuple[int, int] | None = None) -> list[PlacedLayer]:
    """One face of the countdown."""
    return [placed_layer(render_countdown(face, width, height, theme, show_locale(locale_name)), i420_origin)]


def placed_layer(rendering: Rendering, i420_origin: tuple[int, int] | None = None) -> PlacedLayer:
    layer = Layer.from_premultiplied_bgra(bgra_view(rendering.image))
    scrolls = bool(rendering.scroll_period_px)
    trimmed, trim_dx, trim_dy = layer.trimmed(rows_only=scrolls)
    if i420_origin is not None and trimmed.width and trimmed.height:     # where ProgramGraphics._draw puts it at rest (a scroller: every column)
        composite_i420.prepare(trimmed, i420_origin[0] + rendering.dx + (0 if scrolls else trim_dx),
                               i420_origin[1] + rendering.dy + trim_dy, both_columns=scrolls)
    return PlacedLayer(layer, rendering.dx, rendering.dy, rendering.scroll_period_px, rendering.window_width,
                       rendering.scroll_speed_px_s, trimmed, trim_dx, trim_dy)


def slate_picture(width: int, height: int, text: str):
    """A slate (studio/core/slate.py), BGR."""
    from studio.core.slate import draw_slate

    return draw_slate(width, height, text)
