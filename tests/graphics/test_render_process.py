"""The graphics process (studio/core/graphics/render_process.py): the engine's graphics drawn with Qt in a
process of their own, exactly as they would be drawn in the engine's, and the program kept on air
whatever that process does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from studio.core import picture
from studio.core.graphics.model import CountdownData, SlateData
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.render_job import RenderJob
from studio.core.graphics.render_process import RenderProcess
from studio.core.graphics.render_worker import RenderWorker
from studio.core.graphics.samples import sample_data
from studio.core.slate import Slates, draw_slate, plain_slate
from tests.fixtures.processes import alive

W, H = 640, 360
WAIT_S = 60.0


def _wait_until(condition, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _fresh_interpreter(code: str) -> subprocess.CompletedProcess:
    """`code` run as `studio broadcast` starts: a new interpreter, nothing loaded yet."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _frames(graphics: ProgramGraphics, picture_format: str, times_s) -> list[np.ndarray]:
    frames = []
    for index, show_time_s in enumerate(times_s):
        if index == 0:
            graphics.show("card", sample_data("card", "TV-55-4K"))
            graphics.show("ticker", sample_data("ticker", None))
            graphics.start_countdown(4.0)
        frame = picture.blank(W, H, picture_format)
        graphics.composite(frame, show_time_s)
        frames.append(frame)
    return frames


@pytest.mark.parametrize("picture_format", [picture.I420, picture.BGR])
def test_the_graphics_process_draws_what_the_engine_would_have_drawn_itself(theme, picture_format):
    times_s = [index / 30 for index in range(0, 150, 7)]     # entrances, the ticker moving, the countdown's seconds
    inline = ProgramGraphics(W, H, theme, picture_format=picture_format)
    apart = ProgramGraphics(W, H, theme, picture_format=picture_format, render_process=True, render_wait_s=None)
    try:
        assert apart.renderer.process.pid not in (None, os.getpid())
        expected, got = _frames(inline, picture_format, times_s), _frames(apart, picture_format, times_s)
    finally:
        inline.close()
        apart.close()
    assert any(frame.any() for frame in got)
    for index, (want, have) in enumerate(zip(expected, got)):
        assert np.array_equal(want, have), f"frame {index} at {times_s[index]:.2f} s differs"


def test_a_killed_graphics_process_keeps_the_program_on_air_and_the_next_change_starts_another(theme):
    graphics = ProgramGraphics(W, H, theme, render_process=True, render_wait_s=None)
    try:
        graphics.show("lower_third", sample_data("lower_third", None), instant=True)
        first = np.zeros((H, W, 3), np.uint8)
        graphics.composite(first, 1.0)
        assert first.any()
        pid = graphics.renderer.process.pid
        os.kill(pid, signal.SIGKILL)
        _wait_until(lambda: not alive(pid))
        again = np.zeros((H, W, 3), np.uint8)
        graphics.composite(again, 1.1)
        assert np.array_equal(again, first), "the lower third stays up, drawn as before"
        graphics.show("slate", SlateData("Back soon", "after the break"), instant=True)
        with_slate = np.zeros((H, W, 3), np.uint8)
        graphics.composite(with_slate, 1.2)     # asks the render: a new process draws it
        assert graphics.renderer.process.pid not in (None, pid)
        assert not np.array_equal(with_slate, first)
    finally:
        graphics.close()


def test_a_job_that_fails_is_answered_with_nothing_and_the_process_draws_on():
    process = RenderProcess()
    try:
        assert process.render("bad", RenderJob("no_such_job", ("card",))) is None
        slate = process.render("slate", RenderJob("slate_picture", (320, 180, "Back soon")))
        assert np.array_equal(slate, draw_slate(320, 180, "Back soon"))
    finally:
        process.close()


def test_closing_ends_the_process():
    graphics = ProgramGraphics(W, H, render_process=True)
    pid = graphics.renderer.process.pid
    graphics.start_countdown(30.0)
    graphics.composite(np.zeros((H, W, 3), np.uint8), 0.0)
    graphics.close()
    _wait_until(lambda: not alive(pid))


def test_a_slate_shows_its_background_until_its_text_is_drawn_then_the_drawn_slate():
    worker = RenderWorker(process=RenderProcess())
    try:
        slates = Slates(worker)
        first = slates.picture(320, 180, "cam 2: back in a moment", picture.I420)
        assert np.array_equal(first, picture.to_i420(plain_slate(320, 180)))
        expected = picture.to_i420(draw_slate(320, 180, "cam 2: back in a moment"))
        _wait_until(lambda: np.array_equal(slates.picture(320, 180, "cam 2: back in a moment", picture.I420), expected))
    finally:
        worker.close()


def test_the_countdown_faces_hold_seconds_and_the_process_writes_them_in_the_show_locale(theme):
    graphics = ProgramGraphics(W, H, theme, locale_name="de_DE", render_process=True, render_wait_s=None)
    inline = ProgramGraphics(W, H, theme, locale_name="de_DE")
    try:
        for each in (graphics, inline):
            each.show("countdown", CountdownData(3725.0), instant=True)
        frames = []
        for each in (graphics, inline):
            frame = np.zeros((H, W, 3), np.uint8)
            each.composite(frame, 0.5)
            frames.append(frame)
        assert frames[0].any() and np.array_equal(*frames)
    finally:
        graphics.close()
        inline.close()


def test_the_process_started_before_the_engine_loads_is_forked_at_once_and_taken_by_the_first_graphics():
    """`studio broadcast` and `studio engine` start it first thing (studio/commands/_early_start.py), from a
    fresh interpreter that has one thread: forked, so Qt loads in it while the engine's modules load."""
    code = ("import os, threading\n"
            "from studio.core.graphics import render_process\n"
            "render_process.prestart(fork=True)\n"
            "from studio.core.graphics.program import ProgramGraphics\n"
            "graphics = ProgramGraphics(320, 180, render_process=True)\n"
            "pid = graphics.renderer.process.pid\n"
            "ppid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
            "assert graphics.wait_until_ready(60) and ppid == os.getpid(), (pid, ppid)\n"
            "assert render_process.take_warm() is None\n"
            "other = ProgramGraphics(320, 180, render_process=True)\n"
            "assert other.renderer.process.pid != pid and other.wait_until_ready(60)\n"
            "graphics.close(); other.close()\n"
            "print('ok')\n")
    result = _fresh_interpreter(code)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_forked_graphics_process_ends_with_the_process_that_started_it():
    """Killed (a crash), the engine leaves no graphics process behind: the forked one holds no copy of the
    engine's ends of its pipes, so it sees end-of-file."""
    code = ("import os, sys\n"
            "from studio.core.graphics import render_process\n"
            "render_process.prestart(fork=True)\n"
            "process = render_process.take_warm()\n"
            "assert process.wait_ready(60)\n"
            "print(process.pid, flush=True)\n"
            "os.kill(os.getpid(), 9)\n")
    result = _fresh_interpreter(code)
    assert result.returncode == -signal.SIGKILL, result.stderr
    pid = int(result.stdout.split()[0])
    _wait_until(lambda: not alive(pid), 30)
