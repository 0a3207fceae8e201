"""Going on air restarts the clock of the segment on air (issue 22: clocks on air time)."""

from __future__ import annotations

import pytest

from studio.core.live.snapshot import segments_list
from studio.core.show.air_time import AiredTimeline, OnAirClock
from studio.core.show.asrun import AsRunLog, load_events
from studio.core.show.player import RundownPlayer
from studio.core.show.rundown import get_show
from tests.show.test_rundown_player import FPS, RecordingTarget, catalog_db, show  # noqa: F401 - fixtures


def tick(player, target, from_s, to_s):
    for frame in range(round(from_s * FPS), round(to_s * FPS) + 1):
        target.now = round(frame / FPS, 3)
        player.tick(frame / FPS)


def test_going_on_air_moves_the_segment_clock_its_cues_and_planned_end(show):
    target, clock = RecordingTarget(), OnAirClock()
    log = AsRunLog(show, get_show(show, "friday").id, clock=clock)
    player = RundownPlayer(show, "friday", target, log, auto_advance=True)
    tick(player, target, 0, 1)            # rehearsal: the opening (20 s, lower third at 2 s) is up
    clock.went_on_air(1.0)
    player.went_on_air(1.0)
    assert segments_list(player)[0]["actual_start_s"] == 1.0
    tick(player, target, 1, 20.5)
    lower_third = [call[0] for call in target.calls if call[1:3] == ("show_graphic", "lower_third")]
    assert lower_third == [3.0], "the cue at 2 s counts from going on air"
    assert player.index == 0, "the planned end moved with the clock"
    tick(player, target, 20.5, 21.5)
    assert player.index == 1 and segments_list(player)[1]["actual_start_s"] == 21.0
    _, events = load_events(show, log.run_id)
    assert events[0]["event"] == "segment_start" and events[0]["details"]["off_air"] is True
    assert "off_air" not in events[-1]["details"]


def test_rehearsal_timings_are_forgotten_on_air(show):
    target = RecordingTarget()
    player = RundownPlayer(show, "friday", target, AsRunLog(show, get_show(show, "friday").id), auto_advance=False)
    tick(player, target, 0, 10)
    player.next_segment()
    tick(player, target, 10, 62)
    player.went_on_air(62.0)
    listed = segments_list(player)
    assert [s["actual_start_s"] for s in listed] == [None, 62.0, None, None]
    assert listed[0]["actual_duration_s"] is None


@pytest.mark.parametrize("spans, at_s, expected", [
    (((10.0, 20.0), (30.0, 40.0)), 5.0, 0.0), (((10.0, 20.0), (30.0, 40.0)), 15.0, 5.0),
    (((10.0, 20.0), (30.0, 40.0)), 25.0, 10.0), (((10.0, 20.0), (30.0, 40.0)), 35.0, 15.0),
    (((10.0, 20.0), (30.0, 40.0)), 99.0, 20.0),
])
def test_air_time_removes_off_air_gaps(spans, at_s, expected):
    assert AiredTimeline(spans).air_time(at_s) == expected
