"""Claims on the engine thread: first come, first served, a waitlist when sold out, units back on expiry or cancel."""

from dataclasses import replace
from decimal import Decimal

from studio.core.graphics.model import ProductView
from studio.core.live.claims import Claims


class Views:
    """The ProductViews surface claims use, over one product with 3 in stock."""

    def __init__(self, stock):
        self.view = ProductView("KET", "Kettle", "", Decimal("49"), None, "USD", stock, None, None)
        self.held = 0

    def catalog_view(self, sku):
        return self.view if sku == "KET" else None

    def set_held(self, sku, units):
        before, self.held = self.held, units
        return {sku: (before, units)} if before != units else {}


def _claims(stock=3):
    changes, rerendered = [], []
    claims = Claims(Views(stock), lambda claim, held, left: changes.append((claim.claim_id, claim.state, held, left)),
                    rerendered.append)
    claims.rerendered = rerendered
    return claims, changes


def test_first_come_first_served_then_a_waitlist_that_moves_up_on_expiry_and_cancel():
    claims, changes = _claims(stock=3)
    first = claims.claim("KET", 2, "Ann", "youtube", 1, 10.0, now_s=0.0)
    second = claims.claim("KET", 2, "Bo", "twitch", 2, 10.0, now_s=1.0)      # 1 left: waits
    third = claims.claim("KET", 1, "Cy", "x", 3, 10.0, now_s=2.0)            # behind Bo, though 1 is left
    assert (first.state, second.state, third.state) == ("reserved", "waitlisted", "waitlisted")
    assert claims.rerendered == [] and claims.views.held == 0     # the views change once, at the frame's end
    claims.tick(9.9)
    assert first.state == "reserved" and claims.rerendered == [{"KET": (0, 2)}]
    claims.tick(10.0)                                                        # Ann's hold ends: Bo, then Cy
    assert (first.state, second.state, third.state) == ("expired", "reserved", "reserved")
    assert claims.held("KET") == 3
    claims.cancel(second.claim_id, now_s=11.0)
    assert second.state == "cancelled" and claims.held("KET") == 1
    assert changes[-1] == (2, "cancelled", 1, 2)
    assert set(claims.claims) == {3}                              # ended claims leave the engine's memory


def test_a_full_waitlist_refuses_more_claims(monkeypatch):
    from studio.core.live import claims as module

    monkeypatch.setattr(module, "MAX_WAITING", 2)
    claims, _ = _claims(stock=0)
    claims.claim("KET", 1, "Ann", "x", 1, 10.0, now_s=0.0)
    claims.claim("KET", 1, "Bo", "x", 2, 10.0, now_s=0.0)
    try:
        claims.claim("KET", 1, "Cy", "x", 3, 10.0, now_s=0.0)
    except module.WaitlistFull:
        pass
    else:
        raise AssertionError("a third waiting claim was taken")


def test_untracked_stock_always_reserves_and_an_unknown_sku_is_refused():
    claims, _ = _claims(stock=None)
    assert claims.claim("KET", 5, "Ann", "youtube", None, 60.0, now_s=0.0).state == "reserved"
    try:
        claims.claim("NOPE", 1, "Ann", "youtube", None, 60.0, now_s=0.0)
    except LookupError:
        pass
    else:
        raise AssertionError("an unknown SKU was claimed")


def test_the_views_show_the_stock_left_and_how_many_are_claimed(tmp_path):
    from studio.core.product_views import ProductViews
    from studio.core.show.db import open_database
    from tests.fixtures.engine import install_show

    db = open_database(install_show(tmp_path, "friday"))
    views = ProductViews(db)
    stock = views.get("TV-55-4K").stock
    changed = views.set_held("TV-55-4K", 2)
    assert changed["TV-55-4K"][1] == replace(views.catalog_view("TV-55-4K"), stock=stock - 2, claimed=2)
    assert views.get("TV-55-4K").stock == stock - 2 and views.set_held("TV-55-4K", 2) == {}
    db.close()
