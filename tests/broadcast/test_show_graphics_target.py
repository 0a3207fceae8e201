"""How rundown cues become graphics data (the bridge from show data to ProgramGraphics)."""

from __future__ import annotations

from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.show.catalog import Catalog
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.core.show_graphics import ShowGraphicsTarget


class RecordingGraphics:
    """Stands in for ProgramGraphics at its command boundary: keeps what it was told."""

    def __init__(self):
        self.commands = []

    def show(self, kind, data):
        self.commands.append(("show", kind, data))

    def update(self, kind, data):
        self.commands.append(("update", kind, data))

    def update_together(self, updates):
        self.commands += [("update", kind, data) for kind, data in updates.items()]

    def hide(self, kind):
        self.commands.append(("hide", kind, None))

    def warm_qr_codes(self, texts):
        self.warmed = list(texts)   # the show's QR codes, encoded ahead where the graphics are drawn


def test_ticker_lists_the_shows_own_products(db):
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    graphics = RecordingGraphics()
    target = ShowGraphicsTarget(graphics, db, "friday", deal_skus=["WREATH-24", "TV-55-4K", "WREATH-24"])
    target.show_graphic("ticker", {})
    (_, kind, ticker), = graphics.commands
    assert kind == "ticker"
    assert [item.title for item in ticker.items] == ["Pine & Berry Holiday Wreath", '55" 4K Smart TV']


def test_card_follows_a_price_edit_and_reports_it(db):
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    graphics, edits = RecordingGraphics(), []
    target = ShowGraphicsTarget(graphics, db, "friday", on_air_product_changed=lambda a, b: edits.append((a.price, b.price)))
    target.take_product("TV-55-4K")
    target.show_graphic("card", {})
    Catalog(db).edit_price("TV-55-4K", "249.00")
    target.tick(1 / 30)
    assert [command[:2] for command in graphics.commands] == [("show", "card"), ("update", "card")]
    assert str(graphics.commands[-1][2].product.price) == "249.00"
    assert [(str(a), str(b)) for a, b in edits] == [("298.00", "249.00")]


def test_cue_params_reach_the_graphic_on_air(db):
    """The documented `callout@45+10 {"text": "Only 3 left"}` airs "Only 3 left", not the default."""
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    graphics = RecordingGraphics()
    target = ShowGraphicsTarget(graphics, db, "friday")
    target.take_product("TV-55-4K")
    target.show_graphic("callout", {"text": "Only 3 left"})
    target.show_graphic("lower_third", {"name": "Maya Chen", "title": "Host"})
    target.show_graphic("comment", {"name": "Jo", "text": "Love it", "platform": "YouTube"})
    target.show_graphic("slate", {"headline": "Thanks for watching"})
    callout, lower_third, comment, slate = (command[2] for command in graphics.commands)
    assert callout.label == "Only 3 left" and str(callout.price) == "298.00"
    assert (lower_third.name, lower_third.title) == ("Maya Chen", "Host")
    assert (comment.viewer_name, comment.text, comment.platform) == ("Jo", "Love it", "YouTube")
    assert (slate.headline, slate.detail) == ("Thanks for watching", "")


def test_a_take_while_the_card_is_up_puts_the_new_product_on_the_card(db):
    """A jump or take with a card on air must not leave the old product's card up (and deaf to edits)."""
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    graphics = RecordingGraphics()
    target = ShowGraphicsTarget(graphics, db, "friday")
    target.take_product("TV-55-4K")
    target.show_graphic("card", {})
    target.take_product("HP-NC-BLK")
    assert graphics.commands[-1][:2] == ("show", "card")
    assert graphics.commands[-1][2].product.sku == "HP-NC-BLK"
    Catalog(db).edit_stock("HP-NC-BLK", 1)
    target.tick(1 / 30)
    assert graphics.commands[-1][:2] == ("update", "card") and graphics.commands[-1][2].product.stock == 1


def test_a_take_with_no_card_up_puts_none_up(db):
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)
    graphics = RecordingGraphics()
    target = ShowGraphicsTarget(graphics, db, "friday")
    target.take_product("HP-NC-BLK")
    assert graphics.commands == [] and target.current.sku == "HP-NC-BLK"


def test_a_countdown_started_under_a_cut_skips_its_entrance(db):
    """StartCountdown starts it with `instant` (as a take cuts the card in): on screen in the next frame,
    readable from its first frame (the randomised show read 8 frames of a sliding, unreadable countdown)."""
    apply_import(db, load_catalog(str(DEMO_CATALOG_PATH)), None)

    class InstantGraphics(RecordingGraphics):
        def show(self, kind, data, instant=False):
            self.commands.append(("show_now" if instant else "show", kind, data))

    graphics = InstantGraphics()
    target = ShowGraphicsTarget(graphics, db, "friday")
    target.instant = True
    target.start_countdown(30, "Deal ends in")
    target.instant = False
    target.start_countdown(30, "Deal ends in")
    assert [command[:2] for command in graphics.commands] == [("show_now", "countdown"), ("show", "countdown")]
