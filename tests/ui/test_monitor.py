"""The monitor pulls the newest shared-memory frame, never waits, and shows the tally when live."""

import numpy as np
import pytest

from studio.core.frames import FramePublisher, unique_frame_name
from studio.ui.monitor import TALLY, FrameMonitor


@pytest.fixture
def publisher():
    publisher = FramePublisher(unique_frame_name("test-monitor"), 64, 36)
    yield publisher
    publisher.close()


def solid(value: int) -> np.ndarray:
    return np.full((36, 64, 3), value, np.uint8)


def test_a_burst_of_frames_collapses_to_the_newest(qtbot, publisher):
    monitor = FrameMonitor("Program")
    qtbot.addWidget(monitor)
    monitor.stop()                       # ticks driven by the test
    monitor.set_frame_source(publisher.name)
    for value in (10, 20, 30):
        publisher.publish(solid(value))
    assert monitor.pull_frame() is True
    assert monitor.sequence == 3 and monitor.frames_shown == 1
    assert monitor.pull_frame() is False          # nothing newer: the last frame stays
    assert monitor.frames_shown == 1


def test_the_shown_frame_is_the_widgets_own_copy(qtbot, publisher):
    monitor = FrameMonitor("Program")
    qtbot.addWidget(monitor)
    monitor.stop()
    monitor.set_frame_source(publisher.name)
    publisher.publish(solid(50))
    monitor.pull_frame()
    publisher.publish(solid(200))                # the engine writes on; what is painted does not change
    assert int(monitor._frame[0, 0, 0]) == 50


def test_no_frames_yet_means_waiting_not_failing(qtbot):
    monitor = FrameMonitor("Preview")
    qtbot.addWidget(monitor)
    monitor.stop()
    monitor.set_frame_source("studio-no-such-block")
    assert monitor.pull_frame() is False
    monitor.resize(320, 180)
    monitor.grab()                               # paints "waiting for the engine" without a frame


def test_the_timer_pulls_frames_by_itself_and_the_tally_is_red(qtbot, publisher):
    monitor = FrameMonitor("Program")
    qtbot.addWidget(monitor)
    monitor.resize(320, 180)
    monitor.show()                               # a monitor pulls only while it can be seen
    qtbot.waitExposed(monitor)
    monitor.set_frame_source(publisher.name)
    publisher.publish(solid(90))
    qtbot.waitUntil(lambda: monitor.frames_shown == 1, timeout=5000)
    monitor.set_on_air(True)
    image = monitor.grab().toImage()
    assert image.pixelColor(4, 90).name() == TALLY.name()
    monitor.set_on_air(False)
    assert monitor.grab().toImage().pixelColor(4, 90).name() != TALLY.name()


def test_a_monitor_out_of_sight_pulls_no_frames(qtbot, publisher):
    """Qt keeps a dock tabbed behind another "visible" (moved off the window): a monitor there, or in a
    hidden column, must not read frames nobody sees; brought to the front, it pulls again."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("middle"))
    front, behind = QDockWidget("Front"), QDockWidget("Behind")
    front.setObjectName("front")
    behind.setObjectName("behind")
    seen, hidden_tab = FrameMonitor("Seen"), FrameMonitor("Behind")
    front.setWidget(seen)
    behind.setWidget(hidden_tab)
    for dock in (front, behind):
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(front, behind)
    front.raise_()
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    assert hidden_tab.isVisible()                       # what Qt says, and why the monitor may not trust it
    for monitor in (seen, hidden_tab):
        monitor.set_frame_source(publisher.name)
    publisher.publish(solid(90))
    qtbot.waitUntil(lambda: seen.frames_shown == 1, timeout=5000)
    qtbot.wait(200)                                     # several of the hidden one's ticks
    assert hidden_tab.frames_shown == 0 and hidden_tab._reader is None
    behind.raise_()
    qtbot.waitUntil(lambda: hidden_tab.frames_shown == 1, timeout=5000)
