"""The vertical canvas's layout keeps every graphic where TikTok and Instagram draw nothing,
and one graphics state drawn on two canvases shows the same graphics on both."""

import numpy as np
import pytest

from studio.core.canvas import VERTICAL
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import SlateData
from studio.core.graphics.safe_areas import VERTICAL_SAFE_AREA, VERTICAL_SAFE_AREAS
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.samples import sample_data


@pytest.mark.parametrize(("width", "height"), [(720, 1280), (1080, 1920)])
def test_vertical_graphics_stay_inside_every_platforms_safe_area(width, height, theme):
    layout = layout_for(width, height, theme)
    for platform, area in VERTICAL_SAFE_AREAS.items():
        left, top, right, bottom = area.box(width, height)
        for kind, p in layout.placements.items():
            if kind == "slate":  # full-frame by design: the show is off
                continue
            assert p.x >= left - 1 and p.x + p.width <= right + 1, (platform, kind)
            assert p.y >= top - 1 and p.y + p.height <= bottom + 1, (platform, kind)


def test_the_bottom_third_and_the_right_button_column_stay_clear(theme):
    layout = layout_for(720, 1280, theme)
    lowest = max(p.y + p.height for kind, p in layout.placements.items() if kind != "slate")
    rightmost = max(p.x + p.width for kind, p in layout.placements.items() if kind != "slate")
    assert lowest <= 1280 * 2 / 3
    assert rightmost <= 720 * (1 - VERTICAL_SAFE_AREA.right) + 1


def test_every_safe_area_figure_names_its_source_and_confidence():
    for area in VERTICAL_SAFE_AREAS.values():
        assert area.source and area.confidence in ("H", "M", "L")


def test_vertical_text_is_sized_for_a_phone(theme):
    """On a 720x1280 canvas the card is at least 80 % of the safe width: its price reads on a phone."""
    layout = layout_for(720, 1280, theme)
    left, _, right, _ = VERTICAL_SAFE_AREA.box(720, 1280)
    assert layout["card"].width >= 0.95 * (right - left)
    assert layout["card"].height >= 200


def _reference(theme, width, height, commands, show_time_s):
    """The picture a single-canvas ProgramGraphics of this size draws after these commands."""
    graphics = ProgramGraphics(width, height, theme)
    for command in commands:
        command(graphics)
    frame = np.zeros((height, width, 3), np.uint8)
    graphics.composite(frame, show_time_s)
    return frame


def test_one_state_two_canvases_same_frame(theme):
    """A command reaches both canvases in the tick that applies it; one queued between the
    main canvas's composite and the vertical draw waits for the next tick on both."""
    card = lambda g: g.show("card", sample_data("card", "TV-55-4K"), instant=True)  # noqa: E731
    slate = lambda g: g.show("slate", SlateData(), instant=True)  # noqa: E731
    graphics = ProgramGraphics(640, 360, theme, extra_canvases={VERTICAL: (360, 640)})
    landscape, vertical = np.zeros((360, 640, 3), np.uint8), np.zeros((640, 360, 3), np.uint8)
    card(graphics)
    graphics.composite(landscape, 0.0)
    slate(graphics)  # arrives between the two draws of tick 0
    graphics.draw(VERTICAL, vertical, 0.0)
    assert np.array_equal(landscape, _reference(theme, 640, 360, [card], 0.0))
    assert np.array_equal(vertical, _reference(theme, 360, 640, [card], 0.0))
    assert vertical.any()
    landscape[:] = 0
    vertical[:] = 0
    graphics.composite(landscape, 1 / 30)
    graphics.draw(VERTICAL, vertical, 1 / 30)
    assert np.array_equal(landscape, _reference(theme, 640, 360, [card, slate], 1 / 30))
    assert np.array_equal(vertical, _reference(theme, 360, 640, [card, slate], 1 / 30))
    assert not np.array_equal(vertical, _reference(theme, 360, 640, [card], 1 / 30))
