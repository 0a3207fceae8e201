"""Take with Fade dissolves the whole program picture in the recording; the T-bar drives one by hand.

Real parts: a `studio engine` process recording Matroska, the obs-websocket API, the
as-run log for the take's frame, the recording decoded with PyAV. The card's region is
compared with the frame before the take (outgoing) and the frame after the fade (incoming):
each frame between is outgoing * (1 - t) + incoming * t, t = k/N.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.control.recorded_card import blend_weight as _weight, card_roi as _card_roi, decoded as _decoded
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
FADE_MS = 1000
N = round(FADE_MS * FPS / 1000)




def _take_frames(root) -> list[int]:
    db = open_database(root / "studio.db")
    _, events = load_events(db, get_show(db, "friday").id)
    return [e["details"]["frame"] for e in events if e["event"] == "product_taken" and e["details"].get("by") == "take"]


def _run_show(tmp_path, drive) -> tuple[dict[int, np.ndarray], list[int], dict]:
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", f"{W}x{H}", "--record", str(recording), "--live", show="friday")
    try:
        with engine.client() as client:
            wait_until(lambda: any(o["state"] == "live" for o in client.vendor("GetShowState")["stats"]["outputs"]),
                       what="the recording to be live")
            client.vendor("PreviewProduct", {"sku": "HP-NC-BLK"})
            drive(client)
            stats = client.vendor("GetShowState")["stats"]
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    return _decoded(recording), _take_frames(tmp_path), stats


def _after(client, frames: int) -> None:
    start = client.vendor("GetShowState")["frame"]
    wait_until(lambda: client.vendor("GetShowState")["frame"] > start + frames, what=f"{frames} frames")


def test_take_with_fade_dissolves_the_card_over_n_frames_in_the_recording(tmp_path):
    heard = []

    def drive(client):
        client.on_event(lambda kind, data: heard.append((time.monotonic(), kind))
                        if kind.startswith("SceneTransition") else None)
        client.request("SetCurrentSceneTransition", {"transitionName": "Fade"})
        client.request("SetCurrentSceneTransitionDuration", {"transitionDuration": FADE_MS})
        client.request("TriggerStudioModeTransition")
        _after(client, N + 10)

    frames, takes, stats = _run_show(tmp_path, drive)
    [taken] = takes
    wanted = set(range(taken - 1, taken + N + 3))
    assert wanted <= set(frames), f"frames {sorted(wanted - set(frames))} skipped ({stats['frames_skipped']} skipped)"
    outgoing, incoming = _card_roi(frames[taken - 1]), _card_roi(frames[taken + N + 2])
    weights = [_weight(_card_roi(frames[taken + k - 1]), outgoing, incoming) for k in range(1, N + 1)]
    for k, weight in enumerate(weights, start=1):
        assert abs(weight - k / N) < 0.02, f"frame {k} of the fade is {weight:.2f} of the way, not {k / N:.2f}"
    assert all(a < b for a, b in zip(weights, weights[1:])), f"the dissolve moves one way: {weights}"
    assert abs(_weight(_card_roi(frames[taken - 2]), outgoing, incoming)) < 0.03, "nothing before the take"
    started_s = min(at for at, kind in heard if kind == "SceneTransitionStarted")
    ended_s = min(at for at, kind in heard if kind == "SceneTransitionEnded")
    assert ended_s - started_s >= (N - 2) / FPS, "SceneTransitionEnded when the dissolve is done, as OBS sends it"


def test_take_with_cut_changes_in_one_frame(tmp_path):
    def drive(client):
        client.request("SetCurrentSceneTransition", {"transitionName": "Cut"})
        client.request("TriggerStudioModeTransition")
        _after(client, 10)

    frames, [taken], stats = _run_show(tmp_path, drive)
    assert {taken - 1, taken, taken + 5} <= set(frames), f"{stats['frames_skipped']} frames skipped"
    outgoing, incoming = _card_roi(frames[taken - 1]), _card_roi(frames[taken + 5])
    assert _weight(_card_roi(frames[taken]), outgoing, incoming) > 0.97


def test_the_tbar_shows_the_blend_at_its_position_and_release_completes_the_take(tmp_path):
    marks = {}

    def frame(client):
        return client.vendor("GetShowState")["frame"]

    def drive(client):
        client.request("SetTBarPosition", {"position": 0.25, "release": False})
        marks["quarter"] = (frame(client), None)
        _after(client, 8)
        marks["quarter"] = (marks["quarter"][0], frame(client))   # the next move is sent after this frame
        client.request("SetTBarPosition", {"position": 0.6, "release": False})
        first = frame(client)
        _after(client, 8)
        marks["more"] = (first, frame(client))
        client.request("SetTBarPosition", {"position": 0.8})      # release: done
        marks["done"] = frame(client)
        _after(client, 8)

    frames, [taken], stats = _run_show(tmp_path, drive)
    last = max(frames)
    outgoing, incoming = _card_roi(frames[taken - 1]), _card_roi(frames[last])
    quarter_from, quarter_to = marks["quarter"]
    for index in range(taken, quarter_to + 1):
        if index in frames:
            assert abs(_weight(_card_roi(frames[index]), outgoing, incoming) - 0.25) < 0.05, index
    more_from, more_to = marks["more"]
    for index in range(more_from, more_to + 1):
        if index in frames:
            assert abs(_weight(_card_roi(frames[index]), outgoing, incoming) - 0.6) < 0.05, index
    for index in range(marks["done"], last + 1):
        if index in frames:
            assert _weight(_card_roi(frames[index]), outgoing, incoming) > 0.97, index


def test_tbar_position_outside_0_to_1_is_refused(engine_factory):
    from studio.wire.client import ControlError
    from studio.wire.protocol import Status

    engine = engine_factory("--size", f"{W}x{H}", show="friday")
    with engine.client() as client:
        with pytest.raises(ControlError) as refused:
            client.request("SetTBarPosition", {"position": 1.5})
        assert refused.value.code == Status.REQUEST_FIELD_OUT_OF_RANGE and "'position'" in str(refused.value)
        assert client.vendor("GetShowState")["program"] is None, "nothing taken"
