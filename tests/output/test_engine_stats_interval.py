"""The engine's once-a-second figures: fps and the average time composing a frame, per interval."""

from __future__ import annotations

import pytest

from studio.core.engine_stats import STATS_INTERVAL_S, EngineStats


def test_an_interval_closes_after_a_second_with_its_own_fps_and_render_time():
    stats = EngineStats()
    for _ in range(30):
        stats.frames_encoded += 1
        stats.rendered(0.004)
    assert stats.close_interval(STATS_INTERVAL_S / 2) is False, "not a second yet"
    assert stats.close_interval(STATS_INTERVAL_S) is True
    assert stats.fps == pytest.approx(30.0) and stats.frame_render_ms == pytest.approx(4.0)
    assert stats.as_dict()["frame_render_ms"] == 4.0 and stats.elapsed_s == STATS_INTERVAL_S

    for _ in range(15):                      # the next interval counts only its own frames
        stats.frames_encoded += 1
        stats.rendered(0.010)
    assert stats.close_interval(2 * STATS_INTERVAL_S) is True
    assert stats.fps == pytest.approx(15.0) and stats.frame_render_ms == pytest.approx(10.0)
