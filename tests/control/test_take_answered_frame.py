"""TakeProduct answers the frame that shows its card, and the as-run log names that frame, even when
the card's render is late (a loaded machine): the frame loop never waits more than RENDER_WAIT_S, so
a late card airs on a later frame than the one the take applied at.

An in-process show with live control, its frames driven as the engine drives them (test_one_owner).
"""

from __future__ import annotations

import time

import pytest

from studio.core.graphics.render_worker import RENDER_WAIT_S
from studio.wire import commands as c
from tests.control.test_edit_events import frames_until_drawn
from tests.control.test_one_owner import REPO_CATALOG, Show
from tests.fixtures.engine import studio_cli
from tests.fixtures.graphics_process import graphics_process_stopped


class EngineFrames(Show):
    def card_sku(self) -> str | None:
        card = self.session.graphics.drawn_data().get("card")
        return card.product.sku if card is not None else None


@pytest.fixture
def show(db_path, qapp):
    studio_cli(db_path, "catalog", "import", REPO_CATALOG)
    studio_cli(db_path, "show", "create", "deals")
    studio_cli(db_path, "rundown", "add", "deals", "--kind", "product", "--sku", "TV-55-4K", "--duration", "60",
               "--cue", "card@0")
    show = EngineFrames(db_path)
    yield show
    show.close()


def test_a_late_card_is_answered_and_logged_with_the_frame_that_shows_it(show):
    show.frames(3)
    assert show.session.graphics._render_wait_s == RENDER_WAIT_S, "a paced show never waits long for a render"
    with graphics_process_stopped(show.session.graphics):    # later than the frame of the take may wait
        future = show.live.submit(c.TakeProduct(sku="HP-NC-BLK"))
        applied_at = show.index + 1
        show.frames(3)
        assert show.card_sku() != "HP-NC-BLK" and not future.done()
    shown_at = None
    for _ in range(600):
        show.frame()
        if shown_at is None and show.card_sku() == "HP-NC-BLK":
            shown_at = show.index
        if future.done() and shown_at is not None:
            break
        time.sleep(0.01)
    assert shown_at is not None and shown_at > applied_at, "the card airs on a later frame than the take's"
    answer = future.result(timeout=0)
    assert answer["frame"] == shown_at, (answer, shown_at, applied_at)
    logged = [entry["frame"] for entry in show.events("product_taken") if entry["sku"] == "HP-NC-BLK"]
    assert logged == [shown_at]


def test_a_card_ready_in_time_is_answered_with_the_frame_of_the_take(show):
    show.frames(3)
    answer = show.command(c.TakeProduct(sku="HP-NC-BLK"))
    assert answer["frame"] == show.index and show.card_sku() == "HP-NC-BLK"
    assert [entry["frame"] for entry in show.events("product_taken") if entry.get("by") == "control"] == [show.index]


def test_take_to_air_counts_to_the_first_frame_that_shows_the_change():
    from studio.core.live.take_to_air import TakeToAir

    measure, shown = TakeToAir(), []
    command = c.ShowGraphic(kind="slate", params={"headline": "Back soon"})
    command.received_at_s = time.monotonic()
    measure.airs_when(command, lambda: bool(shown))
    measure.applied(command)
    measure.composed(10)
    measure.encoded(10)
    assert measure.last_ms is None, "frame 10 does not show it: not measured there"
    time.sleep(0.05)
    shown.append(True)
    measure.composed(12)
    measure.encoded(12)
    assert measure.last_ms >= 50 and measure.parts_ms["compose"] >= 50, measure.as_dict()


def test_a_claim_is_announced_and_logged_with_the_frame_whose_card_shows_the_stock_it_holds(show):
    """A claim holds units of the product on air: ClaimChanged and the as-run `claim` entry name the first
    frame whose card shows the stock left, however late the card's render (a clean-clone run read the card
    in the recording one frame after the frame ClaimChanged named)."""
    frames_until_drawn(show, "card")
    card = lambda: show.session.graphics.drawn_data().get("card")   # noqa: E731
    stock = card().product.stock
    events: list[dict] = []
    with graphics_process_stopped(show.session.graphics):
        show.live.submit(c.ClaimStock(quantity=1, author="Ann", platform="youtube"))
        show.frames(3)
        assert card().product.stock == stock, "the graphics process is stopped: the card still shows the old stock"
        events += [event.data for event in iter(lambda: show.live.bus.get(0.0), None)
                   if event.event_type == "ClaimChanged"]
        assert events == [], "announced before any picture shows it"
    shown_at = None
    for _ in range(600):
        show.frame()
        events += [event.data for event in iter(lambda: show.live.bus.get(0.0), None)
                   if event.event_type == "ClaimChanged"]
        if shown_at is None and card().product.stock == stock - 1:
            shown_at = show.index
        if events and shown_at is not None:
            break
        time.sleep(0.01)
    assert shown_at is not None
    assert [(event["state"], event["stock_left"], event["frame"]) for event in events] == [("reserved", stock - 1, shown_at)]
    assert [entry["frame"] for entry in show.events("claim")] == [shown_at]


def test_a_claim_on_a_product_off_air_is_announced_with_the_frame_it_applied_at(show):
    show.frames(3)
    future = show.live.submit(c.ClaimStock(quantity=1, author="Bo", platform="youtube", sku="HP-NC-BLK"))
    show.frame()
    future.result(timeout=5)
    events = [event.data for event in iter(lambda: show.live.bus.get(0.0), None) if event.event_type == "ClaimChanged"]
    assert [(event["sku"], event["frame"]) for event in events] == [("HP-NC-BLK", show.index)]
    assert [entry["frame"] for entry in show.events("claim")] == [show.index]
