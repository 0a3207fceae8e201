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
    assert monitors.program.frames_shown > 0                      # both canvases at once
    from PySide6.QtCore import QPoint
    left_of = lambda widget: widget.mapTo(monitors, QPoint(0, 0)).x()   # noqa: E731
    assert left_of(monitors.vertical) > left_of(monitors.program) > left_of(monitors.preview)
    assert monitors.vertical.height() > monitors.vertical.width()

    monitors.crop.setValue(-50)                                    # as the producer drags it
    qtbot.waitUntil(lambda: (window.state.state.get("canvases") or {}).get("vertical", {}).get("crop_offset") == -0.5,
                    timeout=WAIT_MS)
    assert monitors.crop.value() == -50                            # the engine's answer leaves it where it was put


def test_no_vertical_canvas_no_vertical_monitor(qtbot, engine_factory, console_factory):
    engine_factory()
    window = console_factory()
    qtbot.waitUntil(lambda: window.monitors.program.frames_shown > 0, timeout=WAIT_MS)
    assert "program_vertical" not in window.state.state["frames"]
    assert "vertical" not in window.state.state["canvases"]
    assert not window.monitors.vertical_column.isVisible()
    assert window.monitors.vertical.frames_shown == 0
