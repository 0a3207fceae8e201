"""What the host and the producer read before and after Go Live (issue 22: clocks on air time).

The defect: after a minute of setup the host view's first segment read -1:02 in red at the moment of
going live, and the console showed 1:14 / 0:30. Before Go Live they now read the time of day and
"not on air"; from Go Live, air time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, Signal

from studio.ui.host_model import HostModel
from studio.ui.host_view import DIM, HostView
from studio.ui.rundown_panel import RundownPanel
from studio.ui.show_state import ShowState
from studio.ui.stats_bar import StatsBar
from tests.ui.test_host_model import snapshot

# 62 s of setup: the engine's show clock is at 62, the opening (30 s) started at engine start.
SEGMENTS = [{"index": 0, "kind": "opening", "title": "Welcome", "sku": None, "planned_duration_s": 30.0,
             "planned_start_s": 0.0, "actual_start_s": 0.0, "actual_duration_s": None, "talking_points": []},
            {"index": 1, "kind": "product", "title": "Lamp", "sku": "LAMP-1", "planned_duration_s": 60.0,
             "planned_start_s": 30.0, "actual_start_s": None, "actual_duration_s": None, "talking_points": []}]
REHEARSAL = snapshot(show_time_s=62.0, live=False, recording=False, segments=SEGMENTS, segment_index=0,
                     on_air=False, on_air_since_s=None, air_time_s=None, time_of_day="14:03:22")
ON_AIR_SEGMENTS = [{**SEGMENTS[0], "actual_start_s": 62.0}, SEGMENTS[1]]
LIVE = {**REHEARSAL, "live": True, "on_air": True, "on_air_since_s": 62.0, "air_time_s": 0.0,
        "segments": ON_AIR_SEGMENTS}


def wall_clock() -> dt.datetime:
    return dt.datetime(2026, 12, 7, 14, 3, 22)


def test_the_host_model_has_no_time_left_before_go_live_and_a_full_segment_at_it():
    model = HostModel(amber_at_s=20, red_at_s=10)
    model.apply_state(REHEARSAL, received_at_s=1000.0)
    assert model.on_air is False and model.remaining_s(1000.0) is None and model.tally == "NOT ON AIR"
    assert model.urgency(1000.0) == "normal"
    # the StreamStateChanged event arrives before the fresh snapshot: the segment on air starts now
    assert model.apply_event("StreamStateChanged", {"outputActive": True}, 1002.0) is True
    assert model.on_air and model.remaining_s(1002.0) == pytest.approx(30.0) and model.urgency(1002.0) == "normal"
    model.apply_state(LIVE, received_at_s=1002.5)
    assert model.remaining_s(1002.5) == pytest.approx(30.0)
    assert model.apply_event("StreamStateChanged", {"outputActive": False}, 1010.0) is True
    assert model.on_air is False and model.remaining_s(1010.0) is None


@pytest.fixture
def host(qtbot):
    now = [1000.0]
    view = HostView(HostModel(amber_at_s=30, red_at_s=10), clock=lambda: now[0], wall_clock=wall_clock)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    return view, now


def test_the_host_view_reads_time_of_day_and_not_on_air_then_the_segment_time_left(host):
    view, now = host
    view.on_state(REHEARSAL, 1000.0)
    assert view.tally.text().strip() == "NOT ON AIR"
    assert view.time_left.text() == "14:03" and DIM in view.time_left.styleSheet()
    view.on_state(LIVE, 1000.0)
    assert view.tally.text().strip() == "ON AIR"
    assert view.time_left.text() == "0:30", "a full segment at Go Live, not -1:02 in red"
    now[0] = 1012.0
    view.refresh_times()
    assert view.time_left.text() == "0:18"


class FakeLink(QObject):
    event_received = Signal(str, dict)
    connected = Signal()
    disconnected = Signal(str)
    request_failed = Signal(str, str)
    is_connected = False

    def vendor(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def console(qtbot, tmp_path):
    link = FakeLink()
    state = ShowState(link)
    rundown = RundownPanel(state)
    bar = StatsBar(state, tmp_path)
    qtbot.addWidget(rundown)
    qtbot.addWidget(bar)
    yield state, rundown, bar, link
    state.stop()


def test_the_console_reads_not_on_air_then_air_time(console, monkeypatch):
    state, rundown, bar, link = console
    monkeypatch.setattr("studio.ui.rundown_panel.time_of_day", lambda: "14:03:22")
    monkeypatch.setattr("studio.ui.stats_bar.time_of_day", lambda: "14:03:22")
    assert bar.clock.text() == "—", "nothing to tell before the engine answers"
    state.apply_snapshot({**REHEARSAL, "stats": {"show_time_s": 62.0}})
    bar.update_stats()
    assert rundown.segment_clock.text() == "Segment — not on air"
    assert rundown.show_clock.text() == "Time of day 14:03:22"
    assert bar.clock.text() == "not on air · 14:03:22"

    state.apply_snapshot({**LIVE, "stats": {"show_time_s": 62.0}})
    link.event_received.emit("StatsUpdated", {"show_time_s": 76.0, "air_time_s": 14.0})
    assert rundown.segment_clock.text() == "Segment 0:14 / 0:30", "not 1:14 / 0:30"
    assert rundown.show_clock.text() == "On air 0:14 / 1:30"
    assert bar.clock.text() == "on air 0:14"
