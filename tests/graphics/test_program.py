import threading
import time

import numpy as np
import pytest

from studio.core.graphics import render_jobs
from studio.core.graphics.background import reference_background
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import LowerThirdData, SlateData, card_for_show
from studio.core.graphics.product_view import load_product_view
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.theme import load_theme

W, H = 640, 360


def frame_at(graphics, t):
    frame = reference_background(W, H)
    graphics.composite(frame, t)
    return frame


def card(sku="TV-55-4K", **changes):
    import dataclasses

    return card_for_show(dataclasses.replace(load_product_view(sku), **changes), "test")


def roi(frame, graphics, kind):
    p = layout_for(W, H, graphics._theme)[kind]
    return frame[p.y:p.y + p.height, p.x:p.x + p.width]


def test_show_enters_over_300_ms_then_holds_still(theme):
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("card", card())
    first = frame_at(graphics, 10.0)
    assert np.array_equal(first, reference_background(W, H)), "an entering graphic starts invisible"
    middle = frame_at(graphics, 10.15)
    settled = frame_at(graphics, 10.3)
    later = frame_at(graphics, 12.0)
    assert not np.array_equal(middle, settled)
    assert np.array_equal(settled, later)


def test_hide_leaves_the_frame_clean_after_the_transition(theme):
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("lower_third", LowerThirdData("Maya", "Host"))
    frame_at(graphics, 0.0)
    frame_at(graphics, 1.0)
    graphics.hide("lower_third")
    assert graphics.visible_kinds() == []
    assert not np.array_equal(frame_at(graphics, 1.1), reference_background(W, H))
    assert np.array_equal(frame_at(graphics, 1.5), reference_background(W, H))


def test_update_reaches_the_next_frame(theme):
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("card", card(stock=37))
    frame_at(graphics, 0.0)
    before = roi(frame_at(graphics, 1.0), graphics, "card")
    graphics.update("card", card(stock=2))
    after = roi(frame_at(graphics, 1.0 + 1 / 30), graphics, "card")
    assert not np.array_equal(before, after)


def test_text_is_rendered_only_when_data_changes(theme, monkeypatch):
    calls = []
    real = render_jobs.render_graphic
    monkeypatch.setattr(render_jobs, "render_graphic", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("card", card())
    graphics.show("ticker", __import__("studio.core.graphics.samples", fromlist=["x"]).sample_data("ticker", None))
    for index in range(60):
        frame_at(graphics, index / 30)
    graphics.update("card", card())  # equal data: nothing to redraw
    frame_at(graphics, 2.1)
    assert sorted(calls) == ["card", "ticker"]


def test_no_frame_mixes_two_versions_of_a_card(theme):
    """Another thread flips the price while the engine composites: each frame shows one version whole."""
    versions = [card(stock=37), card(stock=2, price=__import__("decimal").Decimal("199.00"))]
    references = []
    for version in versions:
        reference = ProgramGraphics(W, H, theme)
        reference.show("card", version)
        frame_at(reference, 0.0)
        references.append(roi(frame_at(reference, 1.0), reference, "card"))
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("card", versions[0])
    frame_at(graphics, 0.0)
    stop = threading.Event()

    def flip():
        index = 0
        while not stop.is_set():
            graphics.update("card", versions[index % 2])
            index += 1
            time.sleep(0.0002)

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        seen = set()
        for frame_index in range(80):
            shown = roi(frame_at(graphics, 1.0 + frame_index / 30), graphics, "card")
            matches = [i for i, ref in enumerate(references) if np.array_equal(shown, ref)]
            assert len(matches) == 1, f"frame {frame_index} matches neither version whole"
            seen.add(matches[0])
    finally:
        stop.set()
        flipper.join()
    assert seen == {0, 1}


def test_theme_switch_at_run_time_redraws_everything(theme):
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("lower_third", LowerThirdData("Maya", "Host"))
    frame_at(graphics, 0.0)
    studio_look = roi(frame_at(graphics, 1.0), graphics, "lower_third")
    graphics.set_theme(load_theme("daylight"))
    daylight_look = roi(frame_at(graphics, 1.04), graphics, "lower_third")
    assert daylight_look.mean() > studio_look.mean() + 40


def test_hide_all_and_visible_kinds(theme):
    graphics = ProgramGraphics(W, H, theme)
    graphics.show("slate", SlateData())
    graphics.show("card", card())
    graphics.start_countdown(100.0)
    assert graphics.visible_kinds() == ["slate", "card", "countdown"]
    graphics.cancel_countdown()
    assert graphics.visible_kinds() == ["slate", "card"]
    graphics.hide_all()
    assert graphics.visible_kinds() == []
    frame_at(graphics, 0.0)
    assert np.array_equal(frame_at(graphics, 0.5), reference_background(W, H))


def test_bad_commands_fail_in_the_callers_thread(theme):
    graphics = ProgramGraphics(W, H, theme)
    with pytest.raises(ValueError, match="unknown graphic 'banner'"):
        graphics.show("banner", SlateData())
    with pytest.raises(TypeError, match="'card' takes ProductCardData"):
        graphics.show("card", SlateData())
    with pytest.raises(ValueError):
        graphics.hide("banner")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920), (1280, 720), (720, 1280)])
def test_every_graphic_sits_in_the_canvas_and_the_title_safe_area(width, height, theme):
    layout = layout_for(width, height, theme)
    margin_x, margin_y = width * theme.title_safe_margin, height * theme.title_safe_margin
    for kind, p in layout.placements.items():
        assert 0 <= p.x and p.x + p.width <= width and 0 <= p.y and p.y + p.height <= height, kind
        if kind not in ("slate", "ticker"):  # full-bleed by design; their text is kept inside
            assert p.x >= margin_x - 1 and p.x + p.width <= width - margin_x + 1, kind
            assert p.y >= margin_y - 1 and p.y + p.height <= height - margin_y + 1, kind
    assert layout.vertical == (height > width)
