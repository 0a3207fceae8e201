"""The console's Qt models on their own: QAbstractItemModelTester and the signals they emit."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from studio.ui.models.catalog_model import PRICE_COLUMN, STOCK_COLUMN, CatalogFilter, CatalogModel
from studio.ui.models.destinations_model import STATE_COLOURS, DestinationsModel
from studio.ui.models.mime import product_mime
from studio.ui.models.rundown_model import OVER_TIME, RundownModel

PRODUCTS = [
    {"sku": "TV-55", "title": "55in TV", "variant_title": "", "category": "Electronics", "price": "499.00",
     "currency": "USD", "stock": 12, "image_path": None},
    {"sku": "MUG-1", "title": "Coffee mug", "variant_title": "Blue", "category": "Kitchen", "price": "9.50",
     "currency": "USD", "stock": 100, "image_path": None},
    {"sku": "YEN-1", "title": "Tea set", "variant_title": "", "category": "Kitchen", "price": "3000",
     "currency": "JPY", "stock": None, "image_path": None},
]
SEGMENTS = [  # as GetShowState sends them (docs/control.md)
    {"index": 0, "title": "Welcome", "kind": "talk", "sku": None, "planned_duration_s": 60, "planned_start_s": 0,
     "actual_start_s": 0.0, "actual_duration_s": 75.0, "talking_points": []},
    {"index": 1, "title": "TV", "kind": "product", "sku": "TV-55", "planned_duration_s": 120, "planned_start_s": 60,
     "actual_start_s": 75.0, "actual_duration_s": None, "talking_points": []},
    {"index": 2, "title": "Mug", "kind": "product", "sku": "MUG-1", "planned_duration_s": 90, "planned_start_s": 180,
     "actual_start_s": None, "actual_duration_s": None, "talking_points": []},
]


def check(model):
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


@pytest.fixture
def catalog(qapp):
    model = CatalogModel()
    check(model)
    model.set_rows(PRODUCTS)
    return model


def test_a_valid_price_edit_is_shown_and_requested(qtbot, catalog):
    index = catalog.index(1, PRICE_COLUMN)
    with qtbot.waitSignal(catalog.edit_requested) as requested, qtbot.waitSignal(catalog.dataChanged):
        assert catalog.setData(index, "12.5") is True
    assert requested.args == ["MUG-1", "price", "12.50"]
    assert catalog.data(index) == "$12.50"


@pytest.mark.parametrize("text, words", [("abc", "not a number"), ("-1", "negative"), ("1.999", "2 decimals"),
                                         ("nan", "not a number"), ("1e9", "more than")])
def test_an_invalid_price_is_refused_with_a_message_and_nothing_changes(qtbot, catalog, text, words):
    index = catalog.index(0, PRICE_COLUMN)
    with qtbot.waitSignal(catalog.edit_refused) as refused, \
            qtbot.assertNotEmitted(catalog.edit_requested), qtbot.assertNotEmitted(catalog.dataChanged):
        assert catalog.setData(index, text) is False
    assert words in refused.args[0] and "TV-55 price" in refused.args[0]
    assert catalog.data(index) == "$499.00"


def test_a_yen_price_has_no_decimals(qtbot, catalog):
    with qtbot.waitSignal(catalog.edit_refused):
        assert catalog.setData(catalog.index(2, PRICE_COLUMN), "10.5") is False


def test_stock_must_be_a_whole_number(qtbot, catalog):
    with qtbot.waitSignal(catalog.edit_refused):
        assert catalog.setData(catalog.index(0, STOCK_COLUMN), "2.5") is False
    with qtbot.waitSignal(catalog.edit_requested) as requested:
        assert catalog.setData(catalog.index(0, STOCK_COLUMN), "7") is True
    assert requested.args == ["TV-55", "stock", "7"]


def test_only_price_and_stock_are_editable(catalog):
    editable = [c for c in range(catalog.columnCount()) if catalog.flags(catalog.index(0, c)) & Qt.ItemFlag.ItemIsEditable]
    assert editable == [PRICE_COLUMN, STOCK_COLUMN]
    assert catalog.setData(catalog.index(0, 0), "X") is False


def test_the_filter_searches_title_sku_and_category(catalog):
    proxy = CatalogFilter()
    proxy.setSourceModel(catalog)
    check(proxy)
    proxy.set_search("mug")
    assert proxy.rowCount() == 1
    proxy.set_search("tv-55")
    assert proxy.rowCount() == 1
    proxy.set_search("kitchen")
    assert proxy.rowCount() == 2
    proxy.set_search("")
    proxy.set_category("Kitchen")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["MUG-1", "YEN-1"]


def test_a_same_shape_update_keeps_rows_and_only_changes_data(qtbot, catalog):
    changed = [dict(p) for p in PRODUCTS]
    changed[0]["stock"] = 3
    with qtbot.waitSignal(catalog.dataChanged), qtbot.assertNotEmitted(catalog.modelReset):
        catalog.set_rows(changed)
    assert catalog.index(0, STOCK_COLUMN).data() == "3"


def test_a_product_drags_as_its_sku(catalog):
    mime = catalog.mimeData([catalog.index(1, 0)])
    assert mime.text() == "MUG-1"


@pytest.fixture
def rundown(qapp):
    model = RundownModel()
    check(model)
    model.set_rows(SEGMENTS)
    return model


def test_the_current_segment_is_highlighted_and_over_time_is_red(rundown):
    rundown.set_current(1, 130.0)
    assert rundown.current_row == 1
    assert rundown.index(1, 3).data() == "2:10"
    assert rundown.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert rundown.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert rundown.index(1, 3).data(Qt.ItemDataRole.ForegroundRole).color() == OVER_TIME
    rundown.set_current(1, 30.0)
    assert rundown.index(1, 3).data(Qt.ItemDataRole.ForegroundRole) is None
    assert rundown.index(0, 3).data(Qt.ItemDataRole.ForegroundRole).color() == OVER_TIME   # 75 s of 60


def test_a_move_emits_the_positions_and_reorders_rows(qtbot, rundown):
    with qtbot.waitSignal(rundown.move_requested) as moved, qtbot.waitSignal(rundown.rowsMoved):
        rundown.move_row(0, 3)
    assert moved.args == [0, 2]
    assert [rundown.index(r, 1).data() for r in range(3)] == ["TV", "Mug", "Welcome"]
    assert [rundown.index(r, 0).data() for r in range(3)] == ["1", "2", "3"]


def test_dropping_a_row_moves_it(qtbot, rundown):
    mime = rundown.mimeData([rundown.index(2, 0)])
    with qtbot.waitSignal(rundown.move_requested) as moved:
        rundown.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert moved.args == [2, 0]


def test_dropping_a_product_asks_for_a_segment(qtbot, rundown):
    with qtbot.waitSignal(rundown.product_dropped) as dropped:
        rundown.dropMimeData(product_mime("MUG-1"), Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert dropped.args == ["MUG-1", 1]
    assert rundown.rowCount() == 3


def test_destination_states_are_coloured(qapp):
    model = DestinationsModel()
    check(model)
    model.set_rows([{"label": "yt", "active": True, "state": "live", "bitrate_kbps": 3500.0,
                     "fps": 30.0, "dropped_frames": 0, "queue_ms": 12.0, "reconnects": 0},
                    {"label": "fb", "active": True, "state": "reconnecting",
                     "last_error": "connection refused"}])
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole).color() == STATE_COLOURS["live"]
    assert model.index(1, 2).data(Qt.ItemDataRole.ForegroundRole).color() == STATE_COLOURS["reconnecting"]
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "connection refused"
    assert model.index(0, 3).data() == "3500"
    assert model.index(1, 3).data() == ""
