"""Every panel against a real `studio engine` subprocess, offscreen.

The tests here share one engine (each passes alone and in any order: none changes the rundown,
and each reads what it depends on); rundown edits are in test_console_rundown.py, on fresh engines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from studio.ui.models.catalog_model import PRICE_COLUMN, SKU_ROLE
from tests.ui.conftest import shared_console_engine

WAIT_MS = 20_000
engine, studio_env = shared_console_engine()


def select_product(qtbot, window, sku: str) -> None:
    panel = window.catalog
    qtbot.waitUntil(lambda: panel.model.row_of(sku) >= 0, timeout=WAIT_MS)
    proxy_index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(sku), 0))
    panel.view.selectionModel().select(proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    assert panel.selected_sku() == sku


def studio_json(*arguments: str) -> list | dict:
    result = subprocess.run([sys.executable, "-m", "studio", *arguments], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_a_take_flows_from_preview_to_program_and_into_the_as_run_log(qtbot, console):
    state = console.state
    select_product(qtbot, console, "HP-NC-BLK")
    qtbot.mouseClick(console.catalog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == "HP-NC-BLK", timeout=WAIT_MS)
    assert "Noise-Cancelling" in console.monitors.preview_label.text()
    qtbot.waitUntil(lambda: console.monitors.preview.frames_shown > 0, timeout=WAIT_MS)

    shown_before = console.monitors.program.frames_shown
    qtbot.mouseClick(console.monitors.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("sku") == "HP-NC-BLK", timeout=WAIT_MS)
    assert "Noise-Cancelling" in console.monitors.program_label.text()
    qtbot.waitUntil(lambda: any("HP-NC-BLK" in line for line in console.as_run.lines()), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.monitors.program.frames_shown > shown_before, timeout=WAIT_MS)


def test_the_status_bar_shows_the_engines_stats(qtbot, console):
    bar = console.statusBar()
    qtbot.waitUntil(lambda: bar.fps.text() != "0.0 fps" and bar.cpu.text() != "CPU —", timeout=WAIT_MS)
    # an idle engine is not on air: the time of day (air time once it streams or records)
    qtbot.waitUntil(lambda: bar.clock.text().startswith(("not on air · ", "on air ")), timeout=WAIT_MS)
    assert bar.skipped.text().startswith("skipped ") and bar.disk.text().endswith("GB free")
    assert bar.connection.text() == "engine connected"


def test_an_invalid_price_is_refused_with_a_message_and_nothing_is_saved(qtbot, console, demo_db):
    panel = console.catalog
    qtbot.waitUntil(lambda: panel.model.row_of("TV-55-4K") >= 0, timeout=WAIT_MS)
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of("TV-55-4K"), PRICE_COLUMN))
    assert panel.proxy.setData(index, "12,99.x") is False
    assert "TV-55-4K price" in panel.message.text() and "not a number" in panel.message.text()
    assert stored_price(demo_db, "TV-55-4K") == "298.00"

    assert panel.proxy.setData(index, "249.5") is True
    qtbot.waitUntil(lambda: panel.model.row_dict(panel.model.row_of("TV-55-4K")).get("price") == "249.50",
                    timeout=WAIT_MS)
    assert stored_price(demo_db, "TV-55-4K") == "249.50"
    assert index.data(SKU_ROLE) == "TV-55-4K"


def stored_price(db: str, sku: str) -> str:
    catalog = studio_json("catalog", "list", "--json", "--db", db)
    return next(v for p in catalog["products"] for v in p["variants"] if v["sku"] == sku)["price"]


def test_graphics_and_countdown_follow_the_engine(qtbot, console):
    state = console.state
    console.graphics.lower_third_name.setText("Dana")
    qtbot.mouseClick(console.graphics.buttons["toggle_lower_third"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "lower_third" in (state.state.get("graphics") or []), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.graphics.buttons["toggle_lower_third"].isChecked(), timeout=WAIT_MS)
    console.action("countdown_5m").trigger()
    qtbot.waitUntil(lambda: (state.state.get("countdown") or {}).get("remaining_s", 0) > 200, timeout=WAIT_MS)
    console.action("countdown_stop").trigger()
    qtbot.waitUntil(lambda: state.state.get("countdown") is None, timeout=WAIT_MS)


def test_record_starts_and_stops_with_elapsed_time(qtbot, console, studio_env):
    state = console.state
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("recording") is True, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.live_controls.record_button.isChecked(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.live_controls.record_time.text() != "0:00", timeout=WAIT_MS)
    path = Path(state.state["recording_path"])
    assert path.parent == studio_env
    # the recorder is a worker process: wait for its first bytes before stopping (slow on a loaded machine)
    qtbot.waitUntil(lambda: path.exists() and path.stat().st_size > 0, timeout=WAIT_MS)
    qtbot.mouseClick(console.live_controls.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.state.get("recording") is False, timeout=WAIT_MS)
    assert console.live_controls.record_time.text() == "0:00"
    assert path.stat().st_size > 0


def test_fade_airs_the_preview_and_sources_follow_the_engine(qtbot, console):
    state = console.state
    console.monitors.preview_product("HOOD-BRN-L")
    qtbot.waitUntil(lambda: (state.state.get("preview") or {}).get("sku") == "HOOD-BRN-L", timeout=WAIT_MS)
    console.monitors.fade_ms.setValue(200)
    qtbot.mouseClick(console.monitors.fade_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (state.state.get("program") or {}).get("sku") == "HOOD-BRN-L", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: state.state["transition"] == {"name": "Fade", "duration_ms": 200}, timeout=WAIT_MS)

    console.audio.mute.click()
    qtbot.waitUntil(lambda: (state.state.get("sources") or {}).get("muted") is True, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "video test" in console.sources.now.text(), timeout=WAIT_MS)
