"""The console offers the sales report when the show goes off air; the report is `studio report sales`
run in its own process on the show's database and the shop's orders export, and its page opens."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from tests.store.test_sales_report import ORDERS, write_show
from tests.ui.window_without_engine import make_window


def test_off_air_offers_the_report_and_it_opens(qtbot, tmp_path, studio_env):
    db = write_show(tmp_path / "studio.db")
    orders = tmp_path / "downloads" / "orders_export.csv"
    orders.parent.mkdir()
    shutil.copy(ORDERS, orders)
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    opened: list[Path] = []
    report = window.sales_report
    report.db_path = str(db)
    report.ask_for_orders = lambda: orders
    report.open_page = opened.append
    window.show()
    state = window.state
    state.apply_snapshot({"show": {"name": "friday", "title": ""}, "live": False, "on_air": True})
    assert window.feedback.action_button.isHidden()
    state.apply_snapshot({"show": {"name": "friday", "title": ""}, "live": False, "on_air": False})
    assert "friday is off air" in window.feedback.text()
    assert window.feedback.action_button.text() == "Sales report…"
    if os.environ.get("STUDIO_SALES_OFFER_SCREENSHOT"):
        window.grab().save(os.environ["STUDIO_SALES_OFFER_SCREENSHOT"])
    qtbot.mouseClick(window.feedback.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    page = opened[0]
    assert page == orders.with_name("sales-friday.html") and "Sales per airing: friday" in page.read_text()
    assert "Sales report written to" in window.feedback.text()
    assert window.action("sales_report") in window.menuBar().actions()[0].menu().actions()
    window.close()
    link.close()


def test_an_export_that_is_not_one_says_why(qtbot, tmp_path, studio_env):
    db = write_show(tmp_path / "studio.db")
    bad = tmp_path / "products.csv"
    bad.write_text("Handle,Title\nx,y\n")
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    window.state.apply_snapshot({"show": {"name": "friday", "title": ""}})
    window.sales_report.db_path = str(db)
    window.sales_report.ask_for_orders = lambda: bad
    window.action("sales_report").trigger()
    qtbot.waitUntil(lambda: window.feedback.outcome == "error", timeout=60_000)
    assert "not a Shopify orders export" in window.feedback.text()
    window.close()
    link.close()


def test_the_offer_waits_while_the_recordings_open_folder_is_offered(qtbot, tmp_path, studio_env):
    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    window.show()
    state, feedback = window.state, window.feedback
    state.apply_snapshot({"show": {"name": "friday", "title": ""}, "on_air": True})
    feedback.report("Recording written to /videos/friday.mkv", "success", action=("Open folder", lambda: None))
    state.apply_snapshot({"show": {"name": "friday", "title": ""}, "on_air": False})
    assert feedback.action_button.text() == "Open folder"          # not replaced
    feedback.clear()
    qtbot.waitUntil(lambda: feedback.action_button.text() == "Sales report…", timeout=10_000)
    window.close()
    link.close()
