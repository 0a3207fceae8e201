"""Clocks on air time (issue 22): the show and segment clocks start at Go Live, or at the recording's start
when nothing streams; before that the state says "not on air" and gives the time of day.

The defect: after a minute of setup the host view's first segment read -1:02 in red at the moment of
going live, and the console showed 1:14 / 0:30: the segment had started at engine start.
"""

from __future__ import annotations

import re

import pytest

from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.realtime]
REHEARSAL_S = 3.0


def state(client) -> dict:
    return client.vendor("GetShowState")


def test_segment_and_show_clocks_start_when_the_show_goes_on_air(engine_factory):
    engine = engine_factory("--size", "320x180", "--record", "{root}/show.mkv", show="friday")
    with engine.client() as client:
        wait_until(lambda: state(client)["show_time_s"] >= REHEARSAL_S, 30, "a rehearsal of a few seconds")
        before = state(client)
        assert before["on_air"] is False and before["air_time_s"] is None and before["on_air_since_s"] is None
        assert re.fullmatch(r"\d\d:\d\d:\d\d", before["time_of_day"]), before["time_of_day"]
        # what Companion and Stream Deck read as the recording's time: nothing before it starts
        assert client.request("GetRecordStatus")["outputDuration"] == 0
        assert client.request("GetStreamStatus")["outputTimecode"] == "00:00:00.000"

        client.request("StartRecord")
        after = state(client)
        assert after["on_air"] is True
        went_on_air_s = after["on_air_since_s"]
        assert went_on_air_s >= REHEARSAL_S
        assert 0.0 <= after["air_time_s"] < 1.0
        opening = after["segments"][0]
        # the first segment's clock starts at the recording's start, not at engine start
        assert opening["actual_start_s"] == pytest.approx(went_on_air_s, abs=0.05), opening
        assert after["segment_index"] == 0

        # air time runs from the first frame that goes out: the next keyframe (at most 2 s away)
        wait_until(lambda: state(client)["air_time_s"] >= 0.5, 10, "half a second on air")
        later = state(client)
        assert later["air_time_s"] == pytest.approx(later["show_time_s"] - went_on_air_s, abs=0.05)
        assert 500 <= client.request("GetRecordStatus")["outputDuration"] <= (later["air_time_s"] + 1.0) * 1000

        client.request("StopRecord")
        stopped = state(client)
        assert stopped["on_air"] is False and stopped["air_time_s"] is None
        client.vendor("NextSegment")          # off air: logged, marked, never exported
    assert engine.stop() == 0, engine.log()

    db = open_database(engine.db_path)
    try:
        _, events = load_events(db, get_show(db, "friday").id)
    finally:
        db.close()
    names = [event["event"] for event in events]
    assert names.count("on_air") == 1 and names.count("off_air") == 1, names
    rehearsal = [e for e in events if e["show_time_s"] < went_on_air_s and e["event"] == "segment_start"]
    assert rehearsal and all(e["details"].get("off_air") is True for e in rehearsal)
    off_air_move = [e for e in events if e["event"] == "segment_start"][-1]
    assert off_air_move["details"]["off_air"] is True


def test_as_run_entries_announced_to_clients_carry_the_off_air_mark(db):
    from types import SimpleNamespace

    from studio.core.live.announcer import Announcer
    from studio.core.show.air_time import OnAirClock
    from studio.core.show.asrun import AsRunLog
    from studio.core.show.rundown import create_show

    class Bus:
        def __init__(self):
            self.events = []

        def vendor(self, name, data):
            self.events.append((name, data))

    create_show(db, "friday")
    clock, bus = OnAirClock(), Bus()
    log = AsRunLog(db, get_show(db, "friday").id, clock=clock)
    log.listeners.append(Announcer(SimpleNamespace(bus=bus)).as_run_entry)   # as LiveControl wires it
    log.record("marker", 1.0, text="rehearsal")
    clock.went_on_air(2.0)
    log.record("marker", 3.0, text="on air")
    assert [data["details"] for _, data in bus.events] == [{"text": "rehearsal", "off_air": True}, {"text": "on air"}]
