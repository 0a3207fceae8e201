"""The T-bar's requests: moves hold the mix, letting go at the end completes the take (mouse and keyboard)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from studio.ui.tbar import MOVING_MAX, STEPS, TBar


def make_tbar(qtbot):
    sent = []
    bar = TBar(lambda position, release: sent.append((round(position, 2), release)))
    qtbot.addWidget(bar)
    bar.resize(40, 200)
    bar.show()
    qtbot.waitExposed(bar)
    return bar, sent


def handle_centre(bar: TBar) -> QPoint:
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    return bar.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle,
                                      bar).center()


def y_at(bar: TBar, fraction: float) -> int:
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    groove = bar.style().subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, bar)
    return int(groove.top() + fraction * groove.height())


def test_a_drag_holds_the_mix_where_it_is_let_go_and_to_the_end_completes(qtbot):
    bar, sent = make_tbar(qtbot)
    start = handle_centre(bar)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(bar, QPoint(start.x(), y_at(bar, 0.5)))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), y_at(bar, 0.5)))
    assert 20 < bar.value() < 80, "the bar went down with the mouse (0 at the top)"
    assert sent and all(release is False for _, release in sent), "let go part way: the mix holds"
    assert sent[-1][0] == round(bar.value() / STEPS, 2) and bar.holding

    sent.clear()
    middle = handle_centre(bar)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(bar, QPoint(middle.x(), bar.height() + 50))
    qtbot.waitUntil(lambda: any(position == MOVING_MAX for position, _ in sent), timeout=2000)
    assert all(release is False and position <= MOVING_MAX for position, release in sent), \
        "while held at the end nothing completes (the engine completes at 1.0)"
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(middle.x(), bar.height() + 50))
    assert sent[-1] == (1.0, True), "let go at the end: the take completes"
    assert bar.value() == 0 and not bar.holding, "and the bar springs back"


def test_keys_move_it_and_end_completes(qtbot):
    bar, sent = make_tbar(qtbot)
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Down)
    qtbot.keyClick(bar, Qt.Key.Key_PageDown)
    assert bar.value() == 30
    qtbot.waitUntil(lambda: sent[-1:] == [(0.3, False)], timeout=2000)
    qtbot.keyClick(bar, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: sent[-1:] == [(0.25, False)], timeout=2000)
    qtbot.keyClick(bar, Qt.Key.Key_End)
    assert sent[-1] == (1.0, True) and bar.value() == 0
