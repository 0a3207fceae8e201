"""Tab follows the window's layout: the toolbar, the left docks top to bottom, the monitors, the right
docks, the bottom docks left to right, then the status bar.

Qt's default order is the order the widgets were made in (the monitors first, the toolbar's
Go Live near the end), which is not what a keyboard user sees. The order is computed from where
each dock is now (its area and position), so it still follows a layout the producer rearranged;
inside a panel the panel's own order stays; Tab leaves a table instead of walking its cells.
Qt keeps a dock that is tabbed behind another "visible", only moved off the window, so Tab
would wander into panels nobody can see: `next_shown` steps over them. The window applies it when shown and after Reset layout.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDockWidget, QMainWindow, QWidget

Area = Qt.DockWidgetArea


def layout_groups(window: QMainWindow, top: list[QWidget], bottom: list[QWidget]) -> list[QWidget]:
    """The window's regions in reading order: `top` (toolbars), the docks and the central widget, `bottom`."""
    docks = [dock for dock in window.findChildren(QDockWidget) if dock.parent() is window]

    def in_area(area: Area, key) -> list[QWidget]:
        return sorted((dock for dock in docks if window.dockWidgetArea(dock) == area and not dock.isFloating()),
                      key=key)

    by_y = lambda dock: (dock.geometry().y(), dock.geometry().x())       # noqa: E731
    by_x = lambda dock: (dock.geometry().x(), dock.geometry().y())       # noqa: E731
    return [*top, *in_area(Area.TopDockWidgetArea, by_x), *in_area(Area.LeftDockWidgetArea, by_y),
            window.centralWidget(), *in_area(Area.RightDockWidgetArea, by_y),
            *in_area(Area.BottomDockWidgetArea, by_x), *[dock for dock in docks if dock.isFloating()], *bottom]


def focus_chain(window: QWidget) -> list[QWidget]:
    """Every widget Tab can reach, in the window's current focus chain."""
    chain, widget = [], window.nextInFocusChain()
    while widget is not window and widget not in chain:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def follow_the_layout(window: QMainWindow, groups: list[QWidget]) -> list[QWidget]:
    """Chain Tab through `groups` in that order; returns the new order. Tab leaves a table (the arrows move
    inside it), so no table is a trap a keyboard user cannot Tab out of."""
    for view in window.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    buckets: dict[int, list[QWidget]] = {id(group): [] for group in groups}
    for widget in focus_chain(window):
        for group in groups:
            if group is widget or group.isAncestorOf(widget):
                buckets[id(group)].append(widget)
                break
    order = [widget for group in groups for widget in buckets[id(group)]]
    for first, second in zip(order, order[1:]):
        QWidget.setTabOrder(first, second)
    return order


def in_a_hidden_tab(widget: QWidget | None) -> bool:
    """Inside a dock tabbed behind another (Qt moves it off the window instead of hiding it)."""
    while widget is not None:
        if isinstance(widget, QDockWidget):
            return not widget.isFloating() and widget.visibleRegion().isEmpty()
        widget = widget.parentWidget()
    return False


def next_shown(step: Callable[[bool], bool], forward: bool, limit: int = 500) -> bool:
    """Qt's Tab step (`QWidget.focusNextPrevChild`), repeated until the focus is on a widget one can see."""
    moved = step(forward)
    for _ in range(limit):
        if not moved or not in_a_hidden_tab(QApplication.focusWidget()):
            break
        moved = step(forward)
    return moved
