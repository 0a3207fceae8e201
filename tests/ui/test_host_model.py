"""The host view's model, fed plain dicts shaped like docs/control.md: no window, no engine."""

from __future__ import annotations

import pytest

from studio.ui.host_model import HostModel, clock_text, product_from

LAMP = {"sku": "LAMP-1", "title": "Desk lamp", "price": "39.00", "compare_at": "59.00", "currency": "USD", "stock": 12}
KETTLE = {"sku": "KETTLE-2", "title": "Kettle", "price": "25.00", "compare_at": None, "currency": "USD", "stock": 0}


def snapshot(**changes) -> dict:
    state = {
        "show": {"name": "friday", "title": "Friday drop"}, "show_time_s": 100.0, "frame": 3000,
        "live": False, "recording": True, "segment_index": 0, "preview_index": 1,
        "segments": [
            {"index": 0, "kind": "product", "title": "Desk lamp", "sku": "LAMP-1", "planned_duration_s": 120.0,
             "planned_start_s": 0.0, "actual_start_s": 40.0, "actual_duration_s": None,
             "talking_points": ["Three brightness levels", "USB-C"]},
            {"index": 1, "kind": "product", "title": "Kettle", "sku": "KETTLE-2", "planned_duration_s": 60.0,
             "planned_start_s": 120.0, "actual_start_s": None, "actual_duration_s": None, "talking_points": []},
        ],
        "program": LAMP, "preview": None, "countdown": None,
    }
    return {**state, **changes}


@pytest.fixture
def model() -> HostModel:
    host = HostModel(amber_at_s=30, red_at_s=10)
    host.apply_state(snapshot(), received_at_s=1000.0)
    return host


def test_snapshot_gives_product_points_time_left_next_and_tally(model):
    assert model.program.title == "Desk lamp" and model.program.compare_at == "59.00"
    assert model.program.stock_text == "12 in stock"
    assert model.talking_points == ["Three brightness levels", "USB-C"]
    assert model.remaining_s(1000.0) == pytest.approx(60.0)         # started at 40, 120 long, now 100
    assert model.remaining_s(1010.5) == pytest.approx(49.5)         # the local clock runs it forward
    assert model.next_up == "Kettle"
    assert model.tally == "RECORDING"


def test_take_price_and_stock_follow_events(model):
    assert model.apply_event("ProgramProductChanged", {"sku": "KETTLE-2", "product": KETTLE, "frame": 9}, 1001.0) is False
    assert model.program.title == "Kettle" and model.program.sold_out and model.program.stock_text == "SOLD OUT"
    # a price or stock edit names only the SKU: the caller must fetch a fresh snapshot
    assert model.apply_event("CatalogChanged", {"sku": "KETTLE-2"}, 1002.0) is True
    assert model.apply_event("AsRunEntry", {"event": "price_changed", "show_time_s": 3, "details": {}}, 1002.0) is True
    assert model.apply_event("AsRunEntry", {"event": "product_taken", "show_time_s": 3, "details": {}}, 1002.0) is False
    model.apply_state(snapshot(program={**KETTLE, "stock": 3, "price": "19.00"}), 1003.0)
    assert model.program.price == "19.00" and model.program.stock_text == "Only 3 left"


def test_compare_at_not_above_the_price_is_not_struck():
    assert product_from({**LAMP, "compare_at": "39.00"}).compare_at is None
    assert product_from({**LAMP, "compare_at": "20"}).compare_at is None
    assert product_from(None) is None


@pytest.mark.parametrize("now_s, colour", [
    (1000.0, "normal"),     # 60 s left
    (1029.0, "normal"),     # 31 s left
    (1030.5, "amber"),      # 29.5 s left
    (1040.0, "amber"),      # 20 s left
    (1050.0, "red"),        # 10 s left: at the threshold
    (1075.0, "red"),        # 15 s over
])
def test_time_left_turns_amber_then_red_at_the_thresholds(model, now_s, colour):
    assert model.urgency(now_s) == colour


def test_segment_change_restarts_the_clock_and_the_points(model):
    model.apply_event("SegmentChanged", {"index": 1, "title": "Kettle", "show_time_s": 130.0}, 1030.0)
    assert model.talking_points == ["Three brightness levels", "USB-C"], "the lamp's card is still on air"
    model.apply_event("ProgramProductChanged", {"sku": "KETTLE-2", "product": KETTLE, "frame": 3900}, 1030.1)
    assert model.talking_points == []
    assert model.remaining_s(1030.0) == pytest.approx(60.0)
    assert model.next_up == "End of show"


def test_stats_correct_the_show_clock(model):
    model.apply_event("StatsUpdated", {"show_time_s": 105.0, "fps": 30}, 1010.0)   # engine ran slower
    assert model.remaining_s(1010.0) == pytest.approx(55.0)


def test_countdown_and_on_air(model):
    model.apply_event("CountdownChanged", {"countdown": {"label": "Deal", "ends_at_s": 400.0, "remaining_s": 300.0}}, 1000.0)
    assert model.countdown_remaining_s(1100.0) == pytest.approx(200.0)
    model.apply_event("StreamStateChanged", {"outputActive": True, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED"}, 1000.0)
    assert model.tally == "ON AIR"
    model.apply_event("CountdownChanged", {"countdown": None}, 1001.0)
    assert model.countdown_remaining_s(1001.0) is None
    model.apply_event("ExitStarted", {}, 1002.0)
    assert model.tally == "NO ENGINE"


def test_preview_product_is_what_comes_next(model):
    model.apply_event("PreviewProductChanged", {"sku": "KETTLE-2", "product": {**KETTLE, "title": "Kettle XL"}}, 1000.0)
    assert model.next_up == "Kettle XL"


@pytest.mark.parametrize("seconds, text", [(None, "--:--"), (65.0, "1:05"), (4.2, "0:05"), (0.0, "0:00"),
                                           (-12.4, "\u22120:12")])
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text


def test_a_product_taken_off_the_rundown_shows_its_own_segments_points_never_another_products(model):
    three = snapshot(segments=[*snapshot()["segments"],
                               {"index": 2, "kind": "product", "title": "Kettle again", "sku": "KETTLE-2",
                                "planned_duration_s": 30.0, "planned_start_s": 180.0, "actual_start_s": None,
                                "actual_duration_s": None, "talking_points": ["Boils in 90 s"]}])
    three["segments"][1] = {**three["segments"][1], "talking_points": ["Keeps warm 30 min"]}
    model.apply_state(three, 1000.0)
    assert model.talking_points == ["Three brightness levels", "USB-C"]   # the lamp's segment, the lamp on air
    model.apply_event("ProgramProductChanged", {"sku": "KETTLE-2", "product": KETTLE, "frame": 9}, 1001.0)
    assert model.talking_points == ["Keeps warm 30 min"], "the first segment written for the kettle"
    model.apply_event("ProgramProductChanged", {"sku": "MUG-9", "product": {**KETTLE, "sku": "MUG-9"}}, 1002.0)
    assert model.talking_points == [], "no segment was written for the mug: none rather than the lamp's"
    model.apply_event("ProgramProductChanged", {"sku": None, "product": None}, 1003.0)
    assert model.talking_points == ["Three brightness levels", "USB-C"], "no card on air: the segment's own"


def test_the_time_left_reads_the_planned_length_until_air_time_reaches_the_segment(model):
    # Going on air at show time 100.0 airs from the next keyframe, 101.5: the segment's clock starts there.
    model.apply_state(snapshot(segments=[{**snapshot()["segments"][0], "actual_start_s": 101.5},
                                         snapshot()["segments"][1]]), 1000.0)
    assert model.remaining_s(1000.0) == pytest.approx(120.0), "never more than the segment's length"
    assert model.remaining_s(1002.5) == pytest.approx(119.0)
