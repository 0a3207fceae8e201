"""Graphics that should persist persist, read off a real engine's recording (issue 22 item 6).

A producer records, goes live to nginx-rtmp, takes the next segment, starts a countdown, takes the
next product, stops streaming: decoded frames show the logo bug through both takes, its LIVE badge
only while streaming, and the countdown gone once the next product is on air.
"""

from __future__ import annotations

import time

import av
import numpy as np
import pytest

from studio.core.capture.test_card import TestCardSource
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.theme import load_theme
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
PHASE_S = 1.5


def decoded_frames(path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(path)) as container:
        return [(frame.time, frame.to_ndarray(format="bgr24")) for frame in container.decode(video=0)]


def test_logo_stays_countdown_leaves_and_live_badge_only_while_live(engine_factory, rtmp_server):
    engine = engine_factory("--size", f"{W}x{H}", "--record", "{root}/show.mkv", "--to", rtmp_server.url("bug"),
                            show="demo")
    with engine.client() as client:
        wait_until(lambda: client.vendor("GetShowState")["show_time_s"] >= 1.0, 30, "the opening's logo")
        client.request("StartRecord")
        time.sleep(PHASE_S + 2.0)                               # its first frame is the next keyframe (2 s)
        client.request("StartStream")
        time.sleep(PHASE_S)
        client.request("TriggerStudioModeTransition")      # the previewed segment: the TV
        time.sleep(PHASE_S)
        client.vendor("StartCountdown", {"duration_s": 120, "label": "Deal ends in"})
        time.sleep(PHASE_S)
        client.request("TriggerStudioModeTransition")      # the next product: the headphones
        time.sleep(PHASE_S)
        assert client.vendor("GetShowState")["countdown"] is None
        client.request("StopStream")
        time.sleep(PHASE_S)
        client.request("StopRecord")
    assert engine.stop() == 0, engine.log()

    db = open_database(engine.db_path)
    try:
        _, events = load_events(db, get_show(db, "demo").id)
    finally:
        db.close()
    at = {}
    for event in events:
        at.setdefault(event["event"], []).append(event["show_time_s"])
    on_air_s = at["on_air"][0]
    live_s, stop_s = at["go_live"][0], at["stop"][0]
    first_take_s, second_take_s = [t for t in at["segment_start"] if t > on_air_s][:2]
    countdown_s = at["countdown_start"][0]
    off_air_s = at["off_air"][0]

    frames = decoded_frames(engine.root / "show.mkv")
    first_pts = frames[0][0]
    theme = load_theme()
    layout = layout_for(W, H, theme)
    background = TestCardSource(W, H, FPS).frame_at(0.0)   # the boxes sit on the static colour bars

    def box(frame, kind):
        p = layout[kind]
        return frame[p.y:p.y + p.height, p.x:p.x + p.width].astype(np.int16)

    def shows(frame, kind) -> bool:
        return float(np.abs(box(frame, kind) - box(background, kind)).mean()) > 12

    def badge(frame) -> int:
        logo = box(frame, "logo")[:, -layout["logo"].width // 3:]
        r, g, b = theme.urgent[:3]
        return int((np.abs(logo - np.array([b, g, r])).max(axis=2) < 45).sum())

    def frames_between(from_s, to_s):
        # the recording's 0:00 is its first frame: the keyframe the as-run's on_air names
        picked = [f for t, f in frames if from_s + 0.3 <= on_air_s + (t - first_pts) <= to_s - 0.3]
        assert picked, (from_s, to_s)
        return picked

    for frame in frames_between(on_air_s, live_s):                     # recording, not yet live
        assert shows(frame, "logo") and badge(frame) == 0
    for frame in frames_between(live_s, first_take_s):                 # live
        assert shows(frame, "logo") and badge(frame) > 20
    for frame in frames_between(first_take_s, countdown_s):            # after the first take
        assert shows(frame, "logo") and shows(frame, "card"), "the logo bug left at the first take"
    for frame in frames_between(countdown_s + 0.5, second_take_s):
        assert shows(frame, "countdown") and shows(frame, "logo")
    for frame in frames_between(second_take_s + 0.5, stop_s):          # the next product on air
        assert not shows(frame, "countdown"), "the countdown stayed over the next product"
        assert shows(frame, "logo") and badge(frame) > 20
    for frame in frames_between(stop_s + 0.2, off_air_s):              # recording only again
        assert shows(frame, "logo") and badge(frame) == 0
