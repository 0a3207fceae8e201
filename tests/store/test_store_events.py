"""Store events derived from the engine's events: one per change of what airs, none for repeats."""

from studio.gateway.store_events import StoreEvents

PRODUCT = {"sku": "TV", "title": "TV", "variant_title": "", "price": "499.00", "compare_at": None, "currency": "USD",
           "stock": 5}


def names(events, *engine_events):
    out = []
    for event_type, data in engine_events:
        out += events.from_engine(event_type, data, now_s=1_700_000_000.0)
    return [name for name, _ in out]


def test_product_featured_updated_cleared_and_repeats_ignored():
    events = StoreEvents()
    on_air = ("ProgramProductChanged", {"sku": "TV", "product": PRODUCT, "buy_url": "https://x/tv?utm_campaign=f",
                                        "image_path": "/tmp/tv.png"})
    cheaper = ("ProgramProductChanged", {"sku": "TV", "product": {**PRODUCT, "price": "449.00"}, "buy_url": "https://x/tv?utm_campaign=f"})
    assert names(events, on_air, on_air, cheaper, ("ProgramProductChanged", {"sku": None, "product": None}),
                 ("ProgramProductChanged", {"sku": None, "product": None})) == \
        ["product.featured", "product.updated", "product.cleared"]
    assert events.snapshot()["featured"] is None


def test_countdown_started_once_and_ended_at_its_as_run_end():
    events = StoreEvents()
    countdown = ("CountdownChanged", {"countdown": {"label": "Deal", "ends_at_s": 90.0, "remaining_s": 60.0}})
    ended_face = ("CountdownChanged", {"countdown": {"label": "Deal", "ends_at_s": 90.0, "remaining_s": 0.0}})
    assert names(events, countdown, countdown, ("AsRunEntry", {"event": "countdown_end"}), ended_face,
                 ("CountdownChanged", {"countdown": None})) == ["countdown.started", "countdown.ended"]
    started = StoreEvents().from_engine(*countdown, now_s=1_700_000_000.0)[0][1]
    assert started == {"label": "Deal", "ends_at": "2023-11-14T22:14:20.000Z", "remaining_s": 60.0}


def test_segment_show_and_claims():
    events = StoreEvents()
    assert names(events, ("SegmentChanged", {"index": 1, "title": "TV"}), ("AsRunEntry", {"event": "go_live"}),
                 ("AsRunEntry", {"event": "marker"}), ("ClaimChanged", {"sku": "TV", "author": "a", "state": "reserved"}),
                 ("AsRunEntry", {"event": "stop"}), ("StatsUpdated", {})) == \
        ["segment.started", "show.live", "claim.changed", "show.ended"]


def test_a_restarted_gateway_is_seeded_with_what_airs_and_announced_changes_win():
    state = {"program": PRODUCT, "program_links": {"buy_url": "https://x/tv", "image_path": "/tmp/tv.png"},
             "countdown": {"label": "Deal", "ends_at_s": 90.0, "remaining_s": 30.0}, "segment_index": 1,
             "segments": [{"title": "Opening"}, {"title": "TV"}], "live": True}
    events = StoreEvents()
    events.seed(state)
    snapshot = events.snapshot()
    assert snapshot["featured"] == {"sku": "TV", "product": PRODUCT, "buy_url": "https://x/tv"}
    assert snapshot["countdown"]["label"] == "Deal" and snapshot["segment"] == {"index": 1, "title": "TV"}
    assert snapshot["live"] is True
    # the same countdown announced after the seed is not "started" again
    assert names(events, ("CountdownChanged", {"countdown": {"label": "Deal", "ends_at_s": 90.0, "remaining_s": 29.0}})) == []
    later = StoreEvents()
    names(later, ("ProgramProductChanged", {"sku": None, "product": None}), ("AsRunEntry", {"event": "marker"}))
    later.seed(state)             # the clear came first: the seed does not bring the product back
    assert later.snapshot()["featured"] is None and later.snapshot()["live"] is True
