"""The countdown read off program frames, driven frame by frame by the show clock.

This drives ProgramGraphics.composite the way the engine does (frame N at N / fps
of show time) rather than through `studio broadcast`, which is not in this branch;
it can be rewired to sample frames decoded from a headless broadcast.
"""

import numpy as np
import pytest

from studio.core.clock import ShowClock
from studio.core.graphics.background import reference_background
from studio.core.graphics.countdown import face_readout, render_countdown
from studio.core.graphics.countdown_clock import ENDED_HOLD_S, CountdownFace, countdown_face
from studio.core.graphics.formatting import show_locale
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import CountdownData
from studio.core.graphics.painting import bgra_view
from studio.core.composite import Layer, blend_layer
from studio.core.graphics.program import ProgramGraphics

W, H, FPS = 640, 360, 30


def expected_roi(face: CountdownFace, theme, background):
    """What the countdown must look like when it reads `face`, drawn independently of the program."""
    p = layout_for(W, H, theme)["countdown"]
    frame = background.copy()
    rendering = render_countdown(face, p.width, p.height, theme, show_locale("en_US"))
    blend_layer(frame, Layer.from_premultiplied_bgra(bgra_view(rendering.image)), p.x, p.y)
    return frame[p.y:p.y + p.height, p.x:p.x + p.width]


def program_roi(frame, theme):
    p = layout_for(W, H, theme)["countdown"]
    return frame[p.y:p.y + p.height, p.x:p.x + p.width]


def test_countdown_faces():
    locale = show_locale("en_US")
    deal = CountdownData(ends_at_show_time_s=400.0)
    assert countdown_face(deal, 100.0) == CountdownFace("Deal ends in", 300, urgent=False, ended=False)
    assert face_readout(countdown_face(deal, 100.0), locale) == "05:00"
    assert face_readout(countdown_face(deal, 100.5), locale) == "05:00"
    assert face_readout(countdown_face(deal, 101.0), locale) == "04:59"
    assert countdown_face(deal, 340.0) == CountdownFace("Deal ends in", 60, urgent=True, ended=False)
    assert countdown_face(deal, 339.0).urgent is False
    assert face_readout(countdown_face(deal, 400.0), locale) == "Deal ended"
    assert face_readout(countdown_face(CountdownData(4000.0), 0.0), locale) == "1:06:40"


def test_sampled_frames_show_the_exact_remaining_time(theme):
    clock = ShowClock(FPS, realtime=False)
    graphics = ProgramGraphics(W, H, theme)
    background = reference_background(W, H)
    start_frame = 45
    deal_s = 75.0
    ends_at = clock.frame_time_s(start_frame) + deal_s
    graphics.start_countdown(ends_at)
    locale = show_locale("en_US")
    sampled = 0
    last_frame = int((ends_at + ENDED_HOLD_S + 1.0) * FPS)
    for frame_index in range(start_frame, last_frame):
        show_time_s = clock.frame_time_s(frame_index)
        frame = background.copy()
        graphics.composite(frame, show_time_s)
        settled = show_time_s >= clock.frame_time_s(start_frame) + 0.3
        on_air = show_time_s < ends_at + ENDED_HOLD_S
        if settled and on_air and frame_index % 37 == 0:
            face = countdown_face(CountdownData(ends_at), show_time_s)
            assert np.array_equal(program_roi(frame, theme), expected_roi(face, theme, background)), (frame_index, face)
            sampled += 1
    assert sampled > 50
    # After "Deal ended" has been read, the countdown leaves the program by itself.
    assert np.array_equal(frame, background)
    assert "countdown" not in graphics.visible_kinds()


@pytest.mark.parametrize(("remaining_s", "urgent"), [(61.0, False), (60.0, True), (0.5, True)])
def test_urgent_in_the_last_minute(remaining_s, urgent, theme):
    face = countdown_face(CountdownData(100.0), 100.0 - remaining_s)
    assert face.urgent is urgent


def test_countdown_renders_once_per_displayed_second_one_second_ahead(theme, monkeypatch):
    from studio.core.graphics import render_jobs

    renders = []
    real = render_jobs.render_countdown
    monkeypatch.setattr(render_jobs, "render_countdown",
                        lambda face, *a: renders.append(face_readout(face, a[-1])) or real(face, *a))
    graphics = ProgramGraphics(W, H, theme)
    graphics.start_countdown(10.0)
    for frame_index in range(3 * FPS):
        graphics.composite(reference_background(W, H), frame_index / FPS)
    # each face once, the next second's drawn ahead (the last one, 00:07, while 00:08 is up)
    assert renders == ["00:10", "00:09", "00:08", "00:07"]
