"""The teleprompter scrolls at its set speed, measured against the time that really passed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QImage

from studio.ui.teleprompter import MAX_SPEED_PX_S, Teleprompter

POINTS = [f"Talking point number {n}: what makes this product worth it, said in a sentence or two."
          for n in range(40)]


@pytest.fixture
def prompter(qtbot):
    widget = Teleprompter(speed_px_s=120.0, point_size=24)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    widget.set_points(POINTS)
    return widget


def test_scrolls_at_the_set_speed_by_measured_time(qtbot, prompter):
    start = time.monotonic()
    prompter.set_paused(False)
    qtbot.waitUntil(lambda: prompter.position_px > 60, timeout=5000)
    # where it is must be speed × the time it has been running, whatever the tick rate was
    elapsed = prompter.last_advance_s - start
    assert prompter.position_px == pytest.approx(120.0 * elapsed, abs=2.0)


def test_a_busy_gui_thread_does_not_slow_it_down(qtbot, prompter):
    start = time.monotonic()
    prompter.set_paused(False)
    time.sleep(0.4)                      # the GUI thread blocked: no tick for 400 ms
    qtbot.waitUntil(lambda: prompter.position_px > 0)
    elapsed = prompter.last_advance_s - start
    assert elapsed >= 0.4
    assert prompter.position_px == pytest.approx(120.0 * elapsed, abs=2.0)


def test_a_speed_change_applies_from_the_moment_it_is_made(qtbot, prompter):
    start = time.monotonic()
    prompter.set_paused(False)
    qtbot.waitUntil(lambda: prompter.position_px > 20)
    prompter.faster()                    # settles the distance at 120 px/s first
    changed_at = prompter.last_advance_s
    at_change = prompter.position_px
    assert at_change == pytest.approx(120.0 * (changed_at - start), abs=2.0)
    qtbot.waitUntil(lambda: prompter.position_px > at_change + 40)
    assert prompter.position_px - at_change == pytest.approx(150.0 * (prompter.last_advance_s - changed_at), abs=2.0)


def test_slow_speeds_still_move_thanks_to_the_fractional_accumulator(qtbot, prompter):
    prompter.set_speed(5.0)              # 0.08 px per 16 ms tick: an int step would never move
    prompter.set_paused(False)
    qtbot.waitUntil(lambda: prompter.position_px >= 1.0, timeout=5000)


def test_paused_it_stays_and_speed_is_clamped(qtbot, prompter):
    prompter.set_paused(False)
    qtbot.waitUntil(lambda: prompter.position_px > 5)
    prompter.set_paused(True)
    where = prompter.position_px
    qtbot.wait(100)
    assert prompter.position_px == where
    for _ in range(50):
        prompter.faster()
    assert prompter.speed_px_s == MAX_SPEED_PX_S


def test_the_last_line_can_reach_the_top(qtbot, prompter):
    prompter.set_speed(MAX_SPEED_PX_S)
    prompter.set_paused(False)
    end = prompter.max_position_px()
    qtbot.waitUntil(lambda: prompter.position_px == end, timeout=20000)
    # at the end, the last line sits at the top: the top rows of the picture hold text,
    # the bottom half is empty
    image = QImage(prompter.size(), QImage.Format.Format_RGB32)
    prompter.render(image)
    assert _bright_rows(image, 0, 60) > 0
    assert _bright_rows(image, 300, 600) == 0


def test_mirror_flips_the_picture(qtbot, prompter):
    plain = QImage(prompter.size(), QImage.Format.Format_RGB32)
    prompter.render(plain)
    prompter.set_mirrored(True)
    mirrored = QImage(prompter.size(), QImage.Format.Format_RGB32)
    prompter.render(mirrored)
    # text antialiasing differs by a pixel once flipped: compare where the text starts and ends
    plain_columns, mirrored_columns = _bright_columns(plain), _bright_columns(mirrored)
    width = prompter.width()
    assert min(plain_columns) < width / 4 < width * 3 / 4 < max(mirrored_columns)
    assert abs(min(plain_columns) - (width - 1 - max(mirrored_columns))) <= 2
    assert abs(max(plain_columns) - (width - 1 - min(mirrored_columns))) <= 2


def _bright_rows(image: QImage, top: int, bottom: int) -> int:
    return sum(1 for y in range(top, bottom)
               if any(image.pixelColor(x, y).lightness() > 200 for x in range(0, image.width(), 3)))


def _bright_columns(image: QImage) -> list[int]:
    band = range(image.height() // 3, image.height() // 3 + 40)
    return [x for x in range(image.width()) if any(image.pixelColor(x, y).lightness() > 200 for y in band)]
