"""The Preview monitor's card is drawn by a renderer thread: the frame loop only composites it."""

from __future__ import annotations

import threading
import time

import numpy as np

from studio.core.graphics import slots
from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_views
from studio.core.live.monitors import PREVIEW_EVERY_FRAMES, Monitors


def test_the_preview_card_is_drawn_off_the_frame_thread_and_no_frame_waits_for_it(qapp, monkeypatch):
    real = slots.render_graphic
    drawn_on = []
    release = threading.Event()

    def slow(*args):
        drawn_on.append(threading.current_thread())
        release.wait(5.0)   # far longer than a frame
        return real(*args)

    monkeypatch.setattr(slots, "render_graphic", slow)
    monitors = Monitors()
    try:
        program = np.full((1080, 1920, 3), 40, np.uint8)
        monitors.set_preview_product(load_product_views(DEMO_CATALOG_PATH)[0], "test")
        assert monitors.preview_graphics._render_wait_s == 0, "a monitor's frame never waits for a render"
        for index in range(2 * PREVIEW_EVERY_FRAMES):
            started = time.perf_counter()
            monitors.composite(program, index / 30)
            # the render is held 5 s: a frame drawing it (or waiting for it) would take that long;
            # the bound leaves room for a loaded machine's resize of the 1080p picture
            assert time.perf_counter() - started < 0.25, "a frame waited for the preview's card"
        assert not np.any(monitors._preview_frame != 40), "no card yet: the clean picture"
        release.set()
        deadline = time.monotonic() + 10.0
        index = 2 * PREVIEW_EVERY_FRAMES
        while time.monotonic() < deadline and not np.any(monitors._preview_frame != 40):
            index += 1
            monitors.composite(program, index / 30)
            time.sleep(0.005)
        assert np.any(monitors._preview_frame != 40), "the card reaches the preview once drawn"
        assert drawn_on and threading.main_thread() not in drawn_on, "drawn on the renderer's thread"
    finally:
        release.set()
        monitors.close()
