"""Studio mode as OBS's: a cue changes only Preview; Take (or a take request) airs it.

Real parts: a `studio engine` process with the `friday` show (opening, TV-55-4K, HP-NC-BLK),
the obs-websocket API and `studio control` as a second terminal runs it; for the picture, the
engine's Matroska recording decoded with PyAV (frame k of the recording is program frame k).
"""

from __future__ import annotations

import json

import pytest

from studio.wire.client import ControlError
from tests.control.recorded_card import blend_weight, card_roi as _card_roi, decoded as _decoded
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
PROGRAM_EVENTS = ("SegmentChanged", "ProgramProductChanged", "CurrentProgramSceneChanged", "SceneTransitionStarted")


def _program(state: dict) -> tuple:
    return state["segment_index"], (state["program"] or {}).get("sku"), sorted(state["graphics"])


def _control(engine, *args: str) -> dict:
    result = engine.control(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() not in ("", "ok") else {}


def test_cue_next_and_previous_change_only_preview_and_take_airs_the_cued_segment(engine):
    heard: list[tuple[str, dict]] = []
    with engine.client() as client:
        def state():
            return client.vendor("GetShowState")

        client.on_event(lambda kind, data: heard.append((kind, data)))
        client.vendor("SetAutoAdvance", {"enabled": False})
        client.vendor("JumpToSegment", {"index": 1})
        # The state names the jump's product at once; ProgramProductChanged comes with the first frame
        # that shows its card, a render later: wait for that too, so it is not taken for the cue's.
        wait_until(lambda: _program(state())[:2] == (1, "TV-55-4K") and any(
            kind == "ProgramProductChanged" and data.get("sku") == "TV-55-4K" for kind, data in heard),
            what="segment 2 with its card on air")
        heard.clear()
        on_air = _program(state())

        assert client.vendor("CueNextSegment") == {"index": 2}
        after = state()
        assert _program(after) == on_air, "a cue never touches Program"
        assert (after["preview_index"], after["preview"]["sku"]) == (2, "HP-NC-BLK")

        assert client.vendor("CuePreviousSegment") == {"index": 0}
        wait_until(lambda: any(kind == "CurrentPreviewSceneChanged" for kind, _ in heard), what="the preview event")
        after = state()
        assert _program(after) == on_air and after["preview_index"] == 0 and after["preview"] is None
        assert [kind for kind, _ in heard if kind in PROGRAM_EVENTS] == [], "no program event for a cue"
        assert [data["sceneName"][:3] for kind, data in heard if kind == "CurrentPreviewSceneChanged"][-1] == "01 "
        scenes = client.request("GetSceneList")["scenes"]
        third = next(scene["sceneName"] for scene in scenes if scene["sceneName"].startswith("03 "))
        client.request("SetCurrentPreviewScene", {"sceneName": third})    # OBS's own preview request: the same
        after = state()
        assert _program(after) == on_air and after["preview_index"] == 2 and after["preview_kind"] == "segment"
        assert client.vendor("CuePreviousSegment") == {"index": 0}
        assert [kind for kind, _ in heard if kind in PROGRAM_EVENTS] == [], "no program event for a preview"

        client.request("TriggerStudioModeTransition")          # Take airs what was cued
        wait_until(lambda: state()["segment_index"] == 0, what="Take to air the cued segment")
        assert any(kind == "CurrentProgramSceneChanged" for kind, _ in heard)

        # the take forms air at once, and the names before cue/take keep meaning "take"
        assert client.vendor("TakeNextSegment") == {"index": 1} and state()["segment_index"] == 1
        assert client.vendor("TakePreviousSegment") == {"index": 0} and state()["segment_index"] == 0
        assert client.vendor("NextSegment") == {"index": 1} and state()["segment_index"] == 1
        assert client.vendor("PreviousSegment") == {"index": 0} and state()["segment_index"] == 0

        client.vendor("JumpToSegment", {"index": 2})
        with pytest.raises(ControlError) as past_the_end:
            client.vendor("CueNextSegment")
        assert past_the_end.value.code == 703 and "last" in past_the_end.value.comment
        assert state()["segment_index"] == 2


def test_the_cli_verbs_cue_and_take_and_preview_only_previews(engine):
    with engine.client() as client:
        def state():
            return client.vendor("GetShowState")

        client.vendor("SetAutoAdvance", {"enabled": False})
        client.vendor("JumpToSegment", {"index": 0})
        wait_until(lambda: state()["segment_index"] == 0, what="the opening on air")
        on_air = _program(state())
        assert _control(engine, "cue-next") == {"index": 1}
        assert _program(state()) == on_air and state()["preview_index"] == 1
        assert _control(engine, "preview", "HP-NC-BLK") == {"sku": "HP-NC-BLK"}
        after = state()
        assert _program(after) == on_air and after["preview"]["sku"] == "HP-NC-BLK"
        assert _control(engine, "take-next") == {"index": 1}
        assert state()["segment_index"] == 1
        assert _control(engine, "cue-prev") == {"index": 0}
        assert state()["segment_index"] == 1 and state()["preview_index"] == 0
        assert _control(engine, "take-prev") == {"index": 0}
        assert state()["segment_index"] == 0
        assert _control(engine, "next") == {"index": 1}       # the old verb: take-next, as it always was
        assert state()["segment_index"] == 1


# -- the recorded picture ---------------------------------------------------------------------------------



def test_a_cue_and_a_preview_leave_the_recorded_program_alone_and_take_airs_them(tmp_path):
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", f"{W}x{H}", "--record", str(recording), "--live", show="friday")
    marks: dict[str, int] = {}
    try:
        with engine.client() as client:
            def frame() -> int:
                return client.vendor("GetShowState")["frame"]

            def after(frames: int) -> int:
                start = frame()
                return wait_until(lambda: (now := frame()) > start + frames and now, what=f"{frames} frames")

            wait_until(lambda: any(o["state"] == "live" for o in client.vendor("GetShowState")["stats"]["outputs"]),
                       what="the recording to be live")
            client.vendor("SetAutoAdvance", {"enabled": False})
            marks["before_cue"] = frame()                       # the opening: no card
            assert _control(engine, "cue-next") == {"index": 1}
            marks["cued"] = after(15)
            client.request("TriggerStudioModeTransition")
            marks["tv_on_air"] = after(10)                      # segment 2: the TV card
            assert _control(engine, "preview", "HP-NC-BLK") == {"sku": "HP-NC-BLK"}
            marks["previewed"] = after(15)
            client.request("TriggerStudioModeTransition")
            marks["hp_on_air"] = after(10)
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    frames = _decoded(recording)
    empty, tv, hp = (_card_roi(frames[marks[name]]) for name in ("before_cue", "tv_on_air", "hp_on_air"))
    for k in range(marks["before_cue"], marks["cued"] + 1):
        assert abs(_weight(_card_roi(frames[k]), empty, tv)) < 0.05, f"frame {k}: the cue reached Program"
    for k in range(marks["tv_on_air"], marks["previewed"] + 1):
        assert abs(_weight(_card_roi(frames[k]), tv, hp)) < 0.05, f"frame {k}: the preview reached Program"
    assert _weight(_card_roi(frames[marks["hp_on_air"]]), tv, hp) > 0.95


def _weight(frame, outgoing, incoming) -> float:
    assert (abs(incoming - outgoing) > 60).sum() > 500, "the take changes the card region"
    return blend_weight(frame, outgoing, incoming)
