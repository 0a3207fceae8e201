"""The ui.locale setting is applied: prices and numbers in the locale's format, Qt's dialogs translated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from studio.core.settings import SettingsStore
from studio.errors import StudioError
from studio.ui.locale_format import apply_locale, money, number


def plain(text: str) -> str:
    """Qt separates with no-break spaces (U+00A0, U+202F): compare them as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def app(qapp):
    yield qapp
    apply_locale(qapp, "C")          # back to the process default for the tests after this one


@pytest.mark.parametrize("name, price, big", [
    ("en_US", "$129.00", "1,234.5"),
    ("fr_FR", "129,00 $", "1 234,5"),
    ("de_DE", "129,00 $", "1.234,5"),
])
def test_prices_and_numbers_follow_the_locale(app, name, price, big):
    apply_locale(app, name)
    assert QLocale().name() == name
    assert plain(money("129.00", "USD")) == price
    assert plain(number(1234.5, 1)) == big


def test_euros_and_yen_keep_their_symbol_and_minor_units(app):
    apply_locale(app, "fr_FR")
    assert plain(money("24.90", "EUR")) == "24,90 €"
    assert plain(money("1500", "JPY")) == "1 500 ¥"


def test_system_on_a_machine_with_no_locale_reads_as_en_us(app, monkeypatch):
    apply_locale(app, "C")
    assert money("129.00", "USD") == "$129.00"


def test_qt_standard_dialogs_are_translated_when_qt_ships_the_language(app):
    assert apply_locale(app, "fr_FR"), "Qt's qtbase_fr.qm was not found"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Annuler"
    apply_locale(app, "en_US")                    # and back: the French catalogue is removed
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Cancel"


def test_the_host_view_shows_the_price_the_locales_way(app, qtbot, studio_env):
    from studio.ui.host_app import open_host_view

    store = SettingsStore()
    store.set("ui.locale", "fr_FR")
    store.save()
    store.load()
    view, link, _ = open_host_view(lambda: (_ for _ in ()).throw(StudioError("no engine in this test")),
                                   store=store)
    qtbot.addWidget(view)
    view.on_state({"show": {"name": "friday", "title": "Friday"}, "show_time_s": 0.0, "segment_index": -1,
                   "segments": [], "program": {"sku": "TV", "title": "TV", "price": "129.00", "compare_at": "199.00",
                                               "currency": "USD", "stock": 3}}, 0.0)
    assert plain(view.price.text()) == "129,00 $"
    assert plain(view.compare_at.text()) == "199,00 $"
    link.stop()


def test_the_catalog_reads_a_price_typed_with_the_locales_decimal_comma(app):
    from studio.ui.models.catalog_model import PRICE_COLUMN, CatalogModel

    apply_locale(app, "fr_FR")
    model = CatalogModel()
    model.set_rows([{"sku": "TV", "title": "TV", "variant_title": "", "price": "129.00", "compare_at": None,
                     "currency": "USD", "stock": 3, "category": "tv"}])
    asked = []
    model.edit_requested.connect(lambda sku, field, value: asked.append((sku, field, value)))
    assert plain(model.index(0, PRICE_COLUMN).data()) == "129,00 $"
    assert model.setData(model.index(0, PRICE_COLUMN), "119,50")
    assert asked == [("TV", "price", "119.50")]
    assert plain(model.index(0, PRICE_COLUMN).data()) == "119,50 $"


def test_the_console_window_applies_the_setting(app, qtbot, studio_env):
    from tests.ui.window_without_engine import make_window

    store = SettingsStore()
    store.set("ui.locale", "de_DE")
    store.save()
    window, link = make_window(studio_env / "layout.json")
    qtbot.addWidget(window)
    assert QLocale().name() == "de_DE"
    window.state.apply_snapshot({"program": {"sku": "TV", "title": "TV", "price": "1299.00", "currency": "EUR"},
                                 "stats": {"fps": 29.5, "frames_skipped": 1234, "cpu_percent": 12.0}})
    window.statusBar().update_stats()
    assert plain(window.monitors.program_label.text()) == "PROGRAM - TV 1.299,00 €"
    assert window.statusBar().fps.text() == "29,5 fps"
    assert window.statusBar().skipped.text() == "skipped 1.234"
    window.close()
    link.close()


def test_a_price_that_names_no_currency_is_in_the_shops(app):
    apply_locale(app, "de_DE", shop_currency="EUR")
    assert plain(money("1299.00", "")) == "1.299,00 €"
    assert plain(money("1299.00", "USD")) == "1.299,00 $", "a product's own currency wins"


def test_the_console_imports_a_catalog_in_the_shop_currency_and_shows_it(app, qtbot, studio_env):
    import json
    import subprocess

    from studio.child_processes import studio_command
    from tests.ui.window_without_engine import make_window

    store = SettingsStore()
    store.set("ui.locale", "de_DE")
    store.set("store.currency", "EUR")
    store.save()
    window, link = make_window(studio_env / "layout.json")
    qtbot.addWidget(window)
    mugs = studio_env / "mugs.csv"
    mugs.write_text("sku,title,price,stock\nMUG-1,Mug,1299.00,4\n")      # a plain CSV names no currency
    window.show_menu.choose_file = lambda parent: str(mugs)
    window.show_menu.actions["catalog_import"].trigger()
    dialog = window.show_menu.dialog
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    assert dialog.outcome[0] is True, dialog.status.text()
    listed = subprocess.run(studio_command("catalog", "list", "--json"), capture_output=True, text=True, timeout=60)
    assert json.loads(listed.stdout)["currency"] == "EUR", listed.stderr
    window.state.apply_snapshot({"program": {"sku": "MUG-1", "title": "Mug", "price": "1299.00", "currency": ""}})
    assert plain(window.monitors.program_label.text()) == "PROGRAM - Mug 1.299,00 €"
    dialog.accept()
    window.close()
    link.close()
