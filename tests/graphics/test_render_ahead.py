"""Rendering ahead of use: a late render keeps the previous layer up and never delays a frame."""

from __future__ import annotations

import threading
import time

import numpy as np

from studio.core.graphics import render_jobs
from studio.core.graphics.model import SlateData
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.render_worker import RenderWorker

W, H = 320, 180


def test_a_slow_render_keeps_the_old_slate_up_and_no_frame_waits_for_it(theme, monkeypatch):
    graphics = ProgramGraphics(W, H, theme, render_ahead=True)
    try:
        graphics.show("slate", SlateData("First", ""), instant=True)
        frame = np.zeros((H, W, 3), np.uint8)
        deadline = time.monotonic() + 5.0
        while not frame.any() and time.monotonic() < deadline:  # the worker's first render loads fonts
            graphics.composite(frame, 0.0)
        first = frame.copy()
        assert first.any(), "the slate is drawn once its render is done"

        real = render_jobs.render_graphic
        release = threading.Event()

        def slow(kind, data, *args):
            if data.headline == "Second":
                release.wait(5.0)
            return real(kind, data, *args)

        monkeypatch.setattr(render_jobs, "render_graphic", slow)
        graphics.update("slate", SlateData("Second", ""))
        for index in range(1, 6):
            frame[:] = 0
            started = time.perf_counter()
            graphics.composite(frame, index / 30)
            # not the render's 5 s (a generous bound: this worker may wait for a core beside a real-time show)
            assert time.perf_counter() - started < 1.0, "the frame waited on the render"
            assert np.array_equal(frame, first), "the previous layer stays up while the new one renders"
        release.set()
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            frame[:] = 0
            graphics.composite(frame, 1.0)
            if not np.array_equal(frame, first):
                break
            time.sleep(0.01)
        assert not np.array_equal(frame, first), "the new layer is swapped in once it is ready"
    finally:
        graphics.close()


def test_a_newer_job_replaces_one_not_started_and_results_come_back_by_key():
    worker = RenderWorker()
    try:
        gate = threading.Event()
        drawn = []
        worker.submit("a", 1, lambda: [gate.wait(5.0), drawn.append("a1")] and ["a1"])
        worker.submit("b", 2, lambda: drawn.append("b2") or ["b2"])
        worker.submit("b", 3, lambda: drawn.append("b3") or ["b3"])
        gate.set()
        worker.wait(["a", "b"], 5.0)
        assert drawn == ["a1", "b3"], "b's older job never ran"
        assert worker.take("b").layers == ["b3"] and worker.take("b") is None
        assert worker.take("a").version == 1
    finally:
        worker.close()


def test_a_failing_render_keeps_the_previous_layers(theme):
    worker = RenderWorker()
    try:
        worker.submit("a", 1, lambda: 1 / 0)
        worker.wait(["a"], 5.0)
        assert worker.take("a").layers is None
    finally:
        worker.close()


def test_what_preview_holds_is_drawn_ahead_so_its_take_costs_only_a_composite(theme, monkeypatch):
    graphics = ProgramGraphics(W, H, theme, render_ahead=True)
    try:
        real = render_jobs.render_graphic
        calls = []

        def slow(kind, data, *args):
            calls.append(data.headline)
            time.sleep(0.2)  # far longer than a frame may wait
            return real(kind, data, *args)

        monkeypatch.setattr(render_jobs, "render_graphic", slow)
        frame = np.zeros((H, W, 3), np.uint8)
        graphics.prerender("slate", SlateData("Next up", ""))
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline and graphics._cache.get("slate", "landscape", SlateData("Next up", ""),
                                                                  graphics._theme) is None:
            graphics.composite(frame, 0.0)  # nothing on air: the frames go on while it draws
            time.sleep(0.01)
        assert not frame.any()
        graphics.show("slate", SlateData("Next up", ""), instant=True)
        graphics.composite(frame, 1.0)
        # a render at the take (0.2 s) would miss this frame, which waits 20 ms at most
        assert frame.any(), "the take's own frame shows it"
        assert calls == ["Next up"], "drawn once, ahead"
    finally:
        graphics.close()


def test_a_graphic_shown_before_comes_back_on_its_frame_without_a_render(theme, monkeypatch):
    graphics = ProgramGraphics(W, H, theme, render_ahead=True)
    try:
        frame = np.zeros((H, W, 3), np.uint8)
        pictures = {}
        for headline in ("A", "B"):   # each drawn once, as a producer takes one product then another
            graphics.show("slate", SlateData(headline, ""), instant=True)
            deadline = time.monotonic() + 5.0
            while time.monotonic() < deadline and SlateData(headline, "") not in graphics.drawn_data().values():
                frame[:] = 0
                graphics.composite(frame, 0.0)
            pictures[headline] = frame.copy()
        monkeypatch.setattr(render_jobs, "render_graphic", lambda *args: time.sleep(0.2) or [])
        graphics.show("slate", SlateData("A", ""), instant=True)   # back to the first one
        frame[:] = 0
        graphics.composite(frame, 1.0)   # a render (0.2 s, and empty) would miss this frame
        assert np.array_equal(frame, pictures["A"]), "the first one is back on the very frame of its take"
    finally:
        graphics.close()


def test_the_countdown_is_drawn_off_the_frame_thread_a_second_ahead_and_airs_as_if_drawn_inline(theme, monkeypatch):

    threads = []
    real = render_jobs.render_countdown
    monkeypatch.setattr(render_jobs, "render_countdown",
                        lambda *args: threads.append(threading.current_thread()) or real(*args))
    # The first face is drawn as its frame asks for it (nothing asked it a second ahead): the frame may wait
    # as long as that takes (the engine's 20 ms can pass while a busy machine loads the fonts).
    ahead, inline = ProgramGraphics(W, H, theme, render_ahead=True, render_wait_s=10.0), ProgramGraphics(W, H, theme)
    try:
        for graphics in (ahead, inline):
            graphics.start_countdown(3.0)
        frames = [np.zeros((H, W, 3), np.uint8) for _ in range(2)]
        for index in range(0, 5 * 30, 5):   # past the end: "Deal ended"
            time.sleep(0.01)   # the renderer gets a turn, as between real frames
            for graphics, frame in zip((ahead, inline), frames):
                frame[:] = 0
                graphics.composite(frame, index / 30)
            assert np.array_equal(frames[0], frames[1]), f"frame {index}: the countdown reads differently"
        worker_faces = [thread for thread in threads if thread is not threading.main_thread()]
        assert len(worker_faces) == 4, "00:03, 00:02, 00:01 and Deal ended, each once, off the frame thread"
    finally:
        ahead.close()
        inline.close()


def test_a_take_drawn_ahead_as_its_request_arrives_is_drawn_once_and_airs_on_its_frame(theme, monkeypatch):
    # The frame may wait as long as the render takes: on a busy machine a slate can take longer than the
    # engine's 20 ms, and what is checked here is which job the frame waits for, not how fast it is drawn.
    graphics = ProgramGraphics(W, H, theme, render_ahead=True, render_wait_s=10.0)
    try:
        frame = np.zeros((H, W, 3), np.uint8)
        graphics.composite(frame, 0.0)
        real = render_jobs.render_graphic
        calls = []
        monkeypatch.setattr(render_jobs, "render_graphic",
                            lambda kind, data, *args: calls.append(data.headline) or time.sleep(0.005) or real(kind, data, *args))
        slate = SlateData("Taken", "")
        graphics.prerender("slate", slate, "take")   # the request arrived: its frame is still to come
        graphics.show("slate", slate, instant=True)
        graphics.composite(frame, 1 / 30)
        assert slate in graphics.drawn_data().values(), "on the frame of its take"
        assert calls == ["Taken"], "drawn once: the frame waited for the job asked ahead, not a second one"
    finally:
        graphics.close()


def test_a_graphic_on_two_canvases_costs_its_frame_one_wait_not_one_per_canvas(theme, monkeypatch):
    """Both canvases' renders are asked for at once and share the tick's wait: a slow slate makes the frame
    wait `render_wait_s` once, where it waited that long for the main canvas and again for the vertical."""
    wait_s = 1.0   # one wait against two: 1 s against 2 s, with room for a busy machine
    graphics = ProgramGraphics(W, H, theme, extra_canvases={"vertical": (180, 320)}, render_ahead=True,
                               render_wait_s=wait_s)
    release = threading.Event()
    real = render_jobs.render_graphic
    monkeypatch.setattr(render_jobs, "render_graphic", lambda *args: release.wait(10.0) and real(*args))
    try:
        graphics.show("slate", SlateData("Slow", ""))
        started = time.perf_counter()
        graphics.composite(np.zeros((H, W, 3), np.uint8), 0.0)
        graphics.draw("vertical", np.zeros((320, 180, 3), np.uint8), 0.0)
        waited_s = time.perf_counter() - started
        assert wait_s * 0.9 <= waited_s < wait_s * 1.6, f"waited {waited_s:.2f} s for a render wait of {wait_s} s"
    finally:
        release.set()
        graphics.close()


def test_an_i420_programs_renderer_converts_each_layers_planes_so_the_frame_converts_nothing(theme, monkeypatch):
    from studio.core import composite_i420, picture
    from studio.core.graphics.samples import SAMPLE_LOWER_THIRD, SAMPLE_SLATE

    graphics = ProgramGraphics(W, H, theme, extra_canvases={"vertical": (180, 320)}, render_ahead=True,
                               picture_format=picture.I420)
    conversions = []
    real = composite_i420._premultiplied_yuva
    monkeypatch.setattr(composite_i420, "_premultiplied_yuva",
                        lambda layer: conversions.append(threading.current_thread().name) or real(layer))
    try:
        graphics.show("slate", SAMPLE_SLATE, instant=True)
        graphics.show("lower_third", SAMPLE_LOWER_THIRD, instant=True)
        frames = {"program": picture.blank(W, H, picture.I420), "vertical": picture.blank(180, 320, picture.I420)}
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline and not (graphics.shows("slate") and graphics.shows("lower_third")):
            graphics.composite(frames["program"], 5.0)
            graphics.draw("vertical", frames["vertical"], 5.0)
        assert graphics.shows("slate") and graphics.shows("lower_third")
        assert frames["program"].any() and frames["vertical"].any()
        assert conversions and threading.main_thread().name not in conversions, \
            "every layer converted on the renderer's thread, none on the frame's"
    finally:
        graphics.close()
