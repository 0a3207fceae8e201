"""The catalog: search, filter by category, thumbnails; preview or take a product; edit price and stock.

Double-click a product (or press Preview) to put it in Preview; drag it onto the
Preview monitor. Price and stock are edited in their cells: an invalid value is
refused on the spot with the reason under the table and nothing is sent; a valid
one goes to the engine (SetPrice / SetStock), which saves it and redraws the
on-air card on the next frame. The list reloads when the catalog changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from studio.ui.models.catalog_model import SKU_ROLE, CatalogFilter, CatalogModel
from studio.ui.show_state import ShowState
from studio.wire import commands

ALL_CATEGORIES = "All categories"


class CatalogPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.model = CatalogModel(self)
        self.proxy = CatalogFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText="Search title, SKU or category", clearButtonEnabled=True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.category = QComboBox()
        self.category.addItem(ALL_CATEGORIES)
        self.category.currentTextChanged.connect(
            lambda text: self.proxy.set_category("" if text == ALL_CATEGORIES else text))
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setIconSize(QSize(40, 40))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(44)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._double_clicked)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.preview_button = QPushButton("Preview")
        self.preview_button.setToolTip("Put the selected product in Preview")
        self.preview_button.clicked.connect(lambda: self._send_selected(commands.PreviewProduct))
        self.take_button = QPushButton("Take now")
        self.take_button.setToolTip("Put the selected product on air at once")
        self.take_button.clicked.connect(lambda: self._send_selected(commands.TakeProduct))
        self.add_button = QPushButton("Add to rundown", objectName="catalog_add_to_rundown")
        self.add_button.setToolTip("Add the selected product as a segment at the end of the rundown (or drag it there)")
        self.add_button.clicked.connect(self.add_selected_to_rundown)

        self.model.edit_refused.connect(self.message.setText)
        self.model.edit_requested.connect(self._save_edit)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.category)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        state.link.connected.connect(self.reload)
        state.link.event_received.connect(self._on_event)

    def reload(self) -> None:
        self.state.link.call(commands.GetCatalog(limit=1000, with_images=True), on_done=self._catalog_arrived)

    def _catalog_arrived(self, answer: dict | None, error: str | None) -> None:
        if error is not None:
            self.message.setText(error)
            return
        products = answer.get("products") or []
        self.model.set_rows(products)
        categories = sorted({p.get("category") for p in products if p.get("category")})
        current = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems([ALL_CATEGORIES, *categories])
        self.category.setCurrentText(current if current in categories else ALL_CATEGORIES)
        self.category.blockSignals(False)

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type == "CatalogChanged":
            self.reload()

    def selected_sku(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(SKU_ROLE) if rows else None

    def _double_clicked(self, index) -> None:
        if not self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.state.link.call(commands.PreviewProduct(sku=index.data(SKU_ROLE)))

    def _send_selected(self, command: type[commands.Command]) -> None:
        sku = self.selected_sku()
        if sku is None:
            self.message.setText("Select a product first")
            return
        self.state.link.call(command(sku=sku), on_done=self._answered)

    def add_selected_to_rundown(self) -> bool:
        """The selected product becomes a product segment at the end of the rundown; False if none is selected."""
        sku = self.selected_sku()
        if sku is None:
            self.message.setText("Select a product in the Catalog first (or drag one into the Rundown)")
            return False
        self.state.link.call(commands.AddSegment(sku=sku), on_done=self._added)
        return True

    def _added(self, result, error: str | None) -> None:
        self.message.setText(error or "")
        self.state.refresh()

    def _save_edit(self, sku: str, field: str, value: str) -> None:
        self.message.setText("")
        if field == "price":
            self.state.link.call(commands.SetPrice(sku=sku, price=value), on_done=self._answered)
        else:
            self.state.link.call(commands.SetStock(sku=sku, stock=int(value)), on_done=self._answered)

    def _answered(self, result, error: str | None) -> None:
        if error is not None:
            self.message.setText(error)
            self.reload()             # show the engine's values again, not the refused edit
