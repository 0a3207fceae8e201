"""An edit of a product is announced with the graphics that show it (issue 22 item 2): the host view
and every client hear ProgramProductChanged for the frame whose card and callout first show the new
price, and PreviewProductChanged when the product in preview is edited."""

from __future__ import annotations

import sqlite3
import time

from studio.core.show.catalog import Catalog
from studio.wire import commands as c
from tests.control.test_one_owner import show  # noqa: F401 - the fixture


def frames_until_drawn(show, *kinds: str, timeout_s: float = 60.0) -> None:  # noqa: F811
    """Frames, as the engine would make them, until every one of `kinds` is drawn (a busy machine's
    graphics process may take longer than a frame's wait)."""
    deadline = time.monotonic() + timeout_s
    while not all(kind in show.session.graphics.drawn_data() for kind in kinds):
        assert time.monotonic() < deadline, f"{kinds} never drawn"
        show.frame()
        time.sleep(0.005)


def drain(show) -> list[tuple[str, dict]]:  # noqa: F811
    events = []
    while (event := show.live.bus.get(0.0)) is not None:
        events.append((event.event_type, event.data))
    return events


def test_program_product_changed_names_the_frame_whose_graphics_show_the_edit(show):  # noqa: F811
    show.frames(3)
    show.command(c.ShowGraphic(kind="callout", params={"text": "Today only"}))
    frames_until_drawn(show, "card", "callout")
    drain(show)
    Catalog(show.session.db).edit_price("TV-55-4K", "179.99")
    announced = []
    deadline = time.monotonic() + 60.0
    while True:     # the frame of the edit normally; a later one when a loaded machine draws it late
        show.frame()
        announced += [data for name, data in drain(show) if name == "ProgramProductChanged"]
        drawn = show.session.graphics.drawn_data()
        assert drawn["card"].product.price == drawn["callout"].price, "the card and the callout change together"
        if str(drawn["callout"].price) == "179.99":
            break
        assert not announced, "announced before its picture shows it"
        assert time.monotonic() < deadline, "the edit never drawn"
        time.sleep(0.005)
    assert [(data["frame"], data["product"]["price"]) for data in announced] == [(show.index, "179.99")]


def test_an_edit_of_the_product_in_preview_is_announced(show, db_path):  # noqa: F811
    show.frames(3)
    show.command(c.PreviewProduct(sku="KET-STEEL"))
    show.frames(2)
    drain(show)
    other = sqlite3.connect(db_path)   # `studio catalog set-stock` in another terminal
    with other:
        other.execute("UPDATE variants SET stock = 2 WHERE sku = 'KET-STEEL'")
    other.close()
    show.frames(2)
    previewed = [data for name, data in drain(show) if name == "PreviewProductChanged"]
    assert [(data["sku"], data["product"]["stock"]) for data in previewed] == [("KET-STEEL", 2)]
