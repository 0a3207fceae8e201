"""Every live-shopping vendor request answers as docs/control.md says, on a real engine."""

from __future__ import annotations

import base64

import pytest

from studio.wire.client import ControlError
from studio.wire.commands import VENDOR_COMMANDS
from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


def test_each_vendor_request_changes_the_state_it_names(engine):
    called = set()
    with engine.client() as client:
        def vendor(name, data=None):
            called.add(name)
            return client.vendor(name, data)

        presets = {p["preset"]: p for p in vendor("GetPlatformPresets")["presets"]}
        assert presets["youtube"]["default_url"].startswith("rtmps://") and presets["tiktok"]["vertical"]
        catalog = vendor("GetCatalog", {"search": "TV", "with_images": True})
        assert [p["sku"] for p in catalog["products"]] == ["TV-55-4K"] and catalog["total"] == 1
        assert base64.b64decode(catalog["products"][0]["image_thumbnail"])[:2] == b"\xff\xd8"  # a JPEG
        vendor("JumpToSegment", {"index": 2})
        vendor("PreviousSegment")
        assert vendor("NextSegment") == {"index": 2}
        assert vendor("TakePreviousSegment") == {"index": 1} and vendor("GetShowState")["segment_index"] == 1
        assert vendor("CueNextSegment") == {"index": 2}
        assert vendor("TakeNextSegment") == {"index": 2}
        assert vendor("CuePreviousSegment") == {"index": 1}
        cued = vendor("GetShowState")
        assert (cued["segment_index"], cued["preview_index"]) == (2, 1)   # Preview only; the cue-and-take test
        vendor("SetAutoAdvance", {"enabled": True})
        vendor("TakeProduct", {"sku": "TV-55-4K"})
        vendor("PreviewProduct", {"sku": "HP-NC-BLK"})
        vendor("ShowGraphic", {"kind": "lower_third", "params": {"name": "Maya", "title": "Host"}})
        vendor("StartCountdown", {"duration_s": 60, "label": "Deal"})
        vendor("SetPrice", {"sku": "TV-55-4K", "price": "249.00"})
        vendor("SetStock", {"sku": "TV-55-4K", "stock": 2})
        vendor("SetMute", {"muted": True})
        vendor("SetGain", {"gain_db": -6})
        vendor("SetAudioSource", {"spec": "silence"})
        vendor("SetVideoSource", {"spec": "test"})
        vendor("MoveSegment", {"from_index": 0, "to_index": 1})
        count = len(vendor("GetShowState")["segments"])
        added = vendor("AddSegment", {"sku": "HP-NC-BLK", "duration_s": 90})
        assert added == {"index": count, "sku": "HP-NC-BLK"}
        last = vendor("GetShowState")["segments"][-1]
        assert (last["kind"], last["sku"], last["planned_duration_s"]) == ("product", "HP-NC-BLK", 90)
        with pytest.raises(ControlError) as no_such_product:
            vendor("AddSegment", {"sku": "NO-SUCH-SKU"})
        assert "NO-SUCH-SKU" in no_such_product.value.comment
        vendor("SetTalkingPoints", {"index": 0, "talking_points": ["Ships tonight", "Two-year warranty"]})
        vendor("AddMarker", {"text": "guest arrived"})
        vendor("ClearComment")
        assert vendor("GetClaims") == {"claims": [], "held": {}}
        assert vendor("GetComments")["comments"] == []
        assert vendor("SetCommentQueue", {"seconds": 0}) == {"seconds": 0.0, "queued": 0}
        state = wait_until(lambda: (s := vendor("GetShowState"))["program"]["price"] == "249.00" and s,
                           what="the price edit on air")
        assert state["auto_advance"] and state["preview"]["sku"] == "HP-NC-BLK"
        assert {"card", "lower_third", "countdown"} <= set(state["graphics"])
        assert state["countdown"]["label"] == "Deal" and state["program"]["stock"] == 2
        assert state["sources"] == {"video": "test", "audio": "silence", "muted": True, "gain_db": -6.0,
                                    "video_lost": False, "audio_state": "live"}
        assert [s["kind"] for s in state["segments"]][:2] == ["product", "opening"]
        assert state["segments"][0]["talking_points"] == ["Ships tonight", "Two-year warranty"]
        vendor("HideGraphic", {"kind": "lower_third"})
        vendor("CancelCountdown")
        vendor("ClearProduct")
        state = vendor("GetShowState")
        assert state["countdown"] is None and state["program"] is None
        assert not {"card", "lower_third", "countdown"} & set(state["graphics"])
        with pytest.raises(ControlError) as refused:
            vendor("SetGain", {"gain_db": 90})
        assert refused.value.code == 402
        with pytest.raises(ControlError) as unknown:
            vendor("ReconnectDestination", {"label": "nowhere"})
        assert "nowhere" in unknown.value.comment
        with pytest.raises(ControlError) as no_vertical:
            vendor("SetVerticalCrop", {"offset": 0.5})
        assert no_vertical.value.code == 600  # this show has one canvas (tests/control/test_vertical_crop_command.py)
    # the destination requests need a live nginx-rtmp: tests/control/test_destination_requests.py
    live_destinations = {"AddDestination", "RemoveDestination", "SetDestinationEnabled"}
    # the audience's requests need comments: tests/comments/test_audience_on_air.py, test_gateway_requests.py
    with_comments = {"FeatureComment", "FeatureNewestQuestion", "ModerateComment", "CancelClaim"}
    # the switcher's and the mixer's need an engine with inputs: tests/control/test_inputs_commands.py
    inputs = {name for name, cls in VENDOR_COMMANDS.items() if cls.__module__ == "studio.wire.input_commands"}
    # managing shows swaps the show under the engine: tests/control/test_shows.py; sending directly needs a
    # relay: tests/ui/test_console_relay.py
    shows = {"ListShows", "CreateShow", "DuplicateShow", "RenameShow", "DeleteShow", "OpenShow", "RemoveSegment",
             "SetSegmentDuration"}
    assert called | {"Shutdown"} | live_destinations | with_comments | inputs | shows | {"SendDirectly"} == \
        set(VENDOR_COMMANDS)


def test_a_serial_frame_batch_airs_each_request_on_its_own_frame_and_halts_on_failure(engine):
    take = lambda sku: {"requestType": "CallVendorRequest", "requestData": {  # noqa: E731
        "vendorName": "live-shopping-studio", "requestType": "TakeProduct", "requestData": {"sku": sku}}}
    with engine.client() as client:
        results = client.batch([take("HP-NC-BLK"), {"requestType": "Sleep", "requestData": {"sleepFrames": 3}},
                                take("TV-55-4K"), {"requestType": "NoSuchRequest"}, take("HP-NC-BLK")],
                               execution_type=1, halt_on_failure=True)
    assert [r["requestStatus"]["code"] for r in results] == [100, 100, 100, 204]
    first, second = (r["responseData"]["responseData"]["frame"] for r in (results[0], results[2]))
    assert second - first >= 4
