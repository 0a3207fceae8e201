"""The Preview monitor's card is drawn by a graphics process: the frame loop only composites it."""

from __future__ import annotations

import os
import time

import numpy as np

from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_views
from studio.core.live.monitors import PREVIEW_EVERY_FRAMES, Monitors
from tests.fixtures.graphics_process import graphics_process_stopped


def test_the_preview_card_is_drawn_off_the_frame_thread_and_no_frame_waits_for_it(qapp):
    monitors = Monitors()
    try:
        program = np.full((1080, 1920, 3), 40, np.uint8)
        assert monitors.preview_graphics._render_wait_s == 0, "a monitor's frame never waits for a render"
        with graphics_process_stopped(monitors.preview_graphics) as pid:
            assert pid != os.getpid(), "drawn in a process of its own"
            monitors.set_preview_product(load_product_views(DEMO_CATALOG_PATH)[0], "test")
            for index in range(2 * PREVIEW_EVERY_FRAMES):
                started = time.perf_counter()
                monitors.composite(program, index / 30)
                # the renderer is stopped: a frame drawing the card (or waiting for it) would never end;
                # the bound leaves room for a loaded machine (this worker may wait for a core beside a show)
                assert time.perf_counter() - started < 5.0, "a frame waited for the preview's card"
            assert not np.any(monitors._preview_frame != 40), "no card yet: the clean picture"
        deadline = time.monotonic() + 10.0
        index = 2 * PREVIEW_EVERY_FRAMES
        while time.monotonic() < deadline and not np.any(monitors._preview_frame != 40):
            index += 1
            monitors.composite(program, index / 30)
            time.sleep(0.005)
        assert np.any(monitors._preview_frame != 40), "the card reaches the preview once drawn"
    finally:
        monitors.close()


def test_the_preview_monitor_starts_its_graphics_process_with_the_first_card_cued(qapp):
    monitors = Monitors()
    try:
        program = np.full((360, 640, 3), 40, np.uint8)
        for index in range(3 * PREVIEW_EVERY_FRAMES):
            monitors.composite(program, index / 30)
        assert monitors.preview_graphics.renderer.process.pid is None, "nothing cued yet: no graphics process"
        monitors.set_preview_product(load_product_views(DEMO_CATALOG_PATH)[0], "test")
        deadline = time.monotonic() + 60.0
        index = 3 * PREVIEW_EVERY_FRAMES
        while not np.any(monitors._preview_frame != 40):
            assert time.monotonic() < deadline, "the first card cued never reached the preview"
            index += 1
            monitors.composite(program, index / 30)
            time.sleep(0.005)
        assert monitors.preview_graphics.renderer.process.pid not in (None, os.getpid())
    finally:
        monitors.close()
