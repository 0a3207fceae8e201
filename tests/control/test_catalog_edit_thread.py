"""Issue 13.2: an edit made on another thread reaches the graphics only from the engine thread."""

from __future__ import annotations

import threading

from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.live_show import LiveShow
from studio.core.show.catalog import Catalog
from studio.core.show.catalog_store import apply_import
from studio.core.show.cues import parse_cue_text
from studio.core.show.importers import load_catalog
from studio.core.show.rundown import Segment, add_segment, create_show


class ThreadNotingGraphics:
    """ProgramGraphics' command boundary, noting which thread gave each command."""

    def __init__(self):
        self.calls = []

    def show(self, kind, data, instant=False):
        self.calls.append(("show", kind, data, threading.get_ident()))

    def update(self, kind, data):
        self.calls.append(("update", kind, data, threading.get_ident()))

    def warm_qr_codes(self, texts):
        pass

    def update_together(self, updates):
        for kind, data in updates.items():
            self.update(kind, data)

    def hide(self, kind):
        self.calls.append(("hide", kind, None, threading.get_ident()))

    def cancel_countdown(self):
        self.hide("countdown")

    def start_countdown(self, ends_at, label=""):
        self.calls.append(("show", "countdown", None, threading.get_ident()))

    def visible_kinds(self):
        return []


def test_price_edit_on_another_thread_is_applied_by_the_next_tick_on_the_engine_thread(db):
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    create_show(db, "friday")
    add_segment(db, "friday", Segment(kind="product", planned_duration_s=60, sku="TV-55-4K",
                                      cues=[parse_cue_text("card@0")]))
    graphics = ThreadNotingGraphics()
    live_show = LiveShow(db, "friday", graphics, auto_advance=False)
    live_show.tick(0.0)
    # an edit written by another thread (the engine's worker) is noticed by the next tick (data_version)
    editor = threading.Thread(target=Catalog(db).edit_price, args=("TV-55-4K", "249.00"))
    editor.start()
    editor.join()
    assert {call[3] for call in graphics.calls} == {threading.get_ident()}
    live_show.tick(1 / 30)
    updates = [call for call in graphics.calls if call[:2] == ("update", "card")]
    assert [str(call[2].product.price) for call in updates] == ["249.00"]
    assert {call[3] for call in graphics.calls} == {threading.get_ident()}
