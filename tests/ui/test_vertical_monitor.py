"""Issue 15 in the window: a show with a vertical canvas gets a 9:16 Program monitor and a crop control."""

from __future__ import annotations

WAIT_MS = 30_000


def test_the_vertical_program_is_shown_beside_the_landscape_one_and_the_slider_crops(qtbot, engine_factory,
                                                                                      console_factory, studio_env):
    engine_factory("--record-vertical", str(studio_env / "show-vertical.mkv"))
    window = console_factory()
    monitors = window.monitors
    frames = window.state.state["frames"]
    assert frames["program_vertical"]["height"] > frames["program_vertical"]["width"]
    qtbot.waitUntil(lambda: monitors.vertical_column.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: monitors.vertical.frames_shown > 0, timeout=WAIT_MS)
    height, width = monitors.vertical._frame.shape[:2]
    assert (width, height) == (frames["program_vertical"]["width"], frames["program_vertical"]["height"])
    # Both canvases at once. Each monitor reads its own shared memory on its own timer: the vertical one can
    # paint its first picture a tick before the landscape one (a clean-clone run).
    qtbot.waitUntil(lambda: monitors.program.frames_shown > 0, timeout=WAIT_MS)
    from PySide6.QtCore import QPoint
    left_of = lambda widget: widget.mapTo(monitors, QPoint(0, 0)).x()   # noqa: E731
    assert left_of(monitors.vertical) > left_of(monitors.program) > left_of(monitors.preview)
    assert monitors.vertical.height() > monitors.vertical.width()

    monitors.crop.setValue(-50)                                    # as the producer drags it
    qtbot.waitUntil(lambda: (window.state.state.get("canvases") or {}).get("vertical", {}).get("crop_offset") == -0.5,
                    timeout=WAIT_MS)
    assert monitors.crop.value() == -50                            # the engine's answer leaves it where it was put

    window.action("multiview").trigger()                           # the multiview has it too, framed as Program
    tile = window.multiview.tiles["program_vertical"]
    qtbot.waitUntil(lambda: tile.isVisible() and tile.monitor.frames_shown > 0, timeout=WAIT_MS)
    assert tile.monitor.height() > tile.monitor.width() and tile.tally in ("program", "idle")


def test_no_vertical_canvas_no_vertical_monitor(qtbot, engine_factory, console_factory):
    engine_factory()
    window = console_factory()
    qtbot.waitUntil(lambda: window.monitors.program.frames_shown > 0, timeout=WAIT_MS)
    assert "program_vertical" not in window.state.state["frames"]
    assert "vertical" not in window.state.state["canvases"]
    assert not window.monitors.vertical_column.isVisible()
    assert window.monitors.vertical.frames_shown == 0


def test_with_the_vertical_monitor_nothing_is_clipped_at_1366_by_768(qtbot, tmp_path, studio_env):
    from tests.ui.window_without_engine import clipped_widgets, make_window

    window, link = make_window(tmp_path / "layout.json")
    qtbot.addWidget(window)
    window.state.apply_snapshot({"canvases": {"landscape": {"width": 1280, "height": 720},
                                              "vertical": {"width": 720, "height": 1280, "crop_offset": 0.25}}})
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.monitors.vertical_column.isVisible() and window.monitors.crop.value() == 25
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768
    assert window.size().width() == 1366 and clipped_widgets(window) == []
    window.state.apply_snapshot({"canvases": {"landscape": {"width": 1280, "height": 720}}})
    assert not window.monitors.vertical_column.isVisible()
    window.close()
    link.close()
