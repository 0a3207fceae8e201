"""Shows in the window (issue 23 item 3): the Show menu, an empty show's first steps, catalog import with its
row problems, rundown editing, and the panels following changes made by the command line.

One engine for the module, started on the empty show `empty` of the `shows` database (the demo show beside
it); each test opens the show it needs first (the engine switches; the window follows).
"""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import count

from PySide6.QtCore import Qt

from studio.wire import commands as c
from tests.fixtures.engine import REPO
from tests.ui.conftest import shared_console_engine

engine, studio_env = shared_console_engine("empty", template="shows")
WAIT_MS = 30_000
_names = count(1)


def open_in_engine(engine, name: str) -> None:
    with engine.client() as client:
        if client.call(c.GetShowState())["show"]["name"] != name:
            client.call(c.OpenShow(name=name))


def fresh_show(qtbot, console) -> str:
    """A new empty show, opened through the Show menu."""
    name = f"Tuesday {next(_names)}"
    console.show_menu.actions["show_new"].trigger()
    dialog = console.show_menu.dialog
    dialog.name.setText(name)
    dialog.try_accept()
    qtbot.waitUntil(lambda: (console.state.state.get("show") or {}).get("name") == name, timeout=WAIT_MS)
    return name


def keep_screenshot(widget, name: str, tmp_path) -> None:
    """The widget as drawn (offscreen), to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1 (`make screenshots`)."""
    from PySide6.QtWidgets import QApplication

    from studio.ui.theme import apply_theme
    folder = REPO / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
    app = QApplication.instance()
    sheet, style = app.styleSheet(), app.style().name()
    apply_theme(app, "dark")                    # as `studio` draws it; the session's style back after
    try:
        assert widget.grab().save(str(folder / name))
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)


def catalog_rows(console) -> list[str]:
    return [console.catalog.model.row_dict(row)["sku"] for row in range(console.catalog.model.rowCount())]


def test_an_empty_show_says_what_to_do(qtbot, console_factory, engine):
    open_in_engine(engine, "empty")
    console = console_factory()
    rundown = console.rundown
    qtbot.waitUntil(lambda: rundown.empty_state.isVisible(), timeout=WAIT_MS)
    assert not rundown.view.isVisible() and "Nothing yet" in console.windowTitle()
    assert "no segments yet" in rundown.empty_state.text.text()
    assert "Import catalog" in rundown.empty_state.import_button.text()
    assert "Drag products from the <b>Catalog</b>" in rundown.empty_state.text.text()
    chosen = []
    console.show_menu.choose_file = lambda parent: chosen.append(True) or ""
    qtbot.mouseClick(rundown.empty_state.import_button, Qt.MouseButton.LeftButton)
    assert chosen == [True]                     # the button is Show → Import catalog…
    qtbot.mouseClick(rundown.empty_state.add_button, Qt.MouseButton.LeftButton)
    assert "Select a product in the Catalog first" in console.catalog.message.text()


def test_show_menu_new_refused_name_rename_duplicate_delete(qtbot, console_factory, engine):
    console = console_factory()
    menu = console.show_menu
    assert [a.objectName() for a in console.menu_bar_menus["Show"].actions()[:7] if a.objectName()][:6] == [
        "show_new", "show_open", "show_duplicate", "show_rename", "show_delete", "catalog_import"]
    menu.actions["show_new"].trigger()
    dialog = menu.dialog
    dialog.name.setText("demo")
    dialog.try_accept()
    qtbot.waitUntil(lambda: "'demo' already exists: choose another name" in dialog.error.text(), timeout=WAIT_MS)
    assert dialog.isVisible()
    dialog.reject()

    name = fresh_show(qtbot, console)
    qtbot.waitUntil(lambda: console.rundown.empty_state.isVisible(), timeout=WAIT_MS)
    assert name in console.windowTitle() and console.feedback.outcome == "success"

    menu.actions["show_rename"].trigger()
    menu.dialog.name.setText(f"{name} deals")
    menu.dialog.try_accept()
    qtbot.waitUntil(lambda: console.state.state["show"]["name"] == f"{name} deals", timeout=WAIT_MS)

    open_in_engine(engine, "demo")
    qtbot.waitUntil(lambda: console.state.state["show"]["name"] == "demo", timeout=WAIT_MS)
    menu.actions["show_duplicate"].trigger()
    assert menu.dialog.name.text() == "demo copy"
    menu.dialog.name.setText(f"demo copy {name}")
    menu.dialog.try_accept()
    qtbot.waitUntil(lambda: console.state.state["show"]["name"] == f"demo copy {name}", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.rundown.model.rowCount() == 7, timeout=WAIT_MS)

    menu.confirm_delete = lambda parent, show: True
    menu.actions["show_delete"].trigger()       # the show open: another opens first, then it goes
    qtbot.waitUntil(lambda: console.state.state["show"]["name"] != f"demo copy {name}", timeout=WAIT_MS)
    with engine.client() as client:
        qtbot.waitUntil(lambda: f"demo copy {name}" not in {s["name"] for s in client.call(c.ListShows())["shows"]},
                        timeout=WAIT_MS)


def test_open_lists_the_shows_and_open_and_delete_are_refused_while_recording(qtbot, console_factory, engine, tmp_path):
    open_in_engine(engine, "empty")
    console = console_factory()
    menu = console.show_menu
    console.action("record").trigger()
    qtbot.waitUntil(lambda: console.state.state.get("recording"), timeout=WAIT_MS)
    try:
        menu.actions["show_open"].trigger()
        qtbot.waitUntil(lambda: menu.dialog is not None and menu.dialog.objectName() == "show_list_dialog",
                        timeout=WAIT_MS)
        table = menu.dialog.table
        rows = {table.item(r, 0).text(): (table.item(r, 2).text(), table.item(r, 3).text())
                for r in range(table.rowCount())}
        assert rows["demo"] == ("7", "5") and rows["empty (open)"][0] in ("0", "1", "2", "3")
        keep_screenshot(menu.dialog, "console-open-show.png", tmp_path)
        menu.dialog.select("demo")
        menu.dialog.open_selected()
        qtbot.waitUntil(lambda: "cannot open 'demo' while the show is recording: stop it first"
                        in menu.dialog.error.text(), timeout=WAIT_MS)
        assert console.feedback.outcome == "error" and console.state.state["show"]["name"] == "empty"
        menu.dialog.reject()
        menu.confirm_delete = lambda parent, show: True
        menu.actions["show_delete"].trigger()         # the show on air: refused, with the reason
        qtbot.waitUntil(lambda: "'empty' is on air: stop the show, open another, then delete this one"
                        in console.feedback.label.text(), timeout=WAIT_MS)
    finally:
        console.live_controls.confirm = lambda *_: True
        console.action("record").trigger()
        qtbot.waitUntil(lambda: not console.state.state.get("recording"), timeout=WAIT_MS)


def test_catalog_import_shows_row_problems_then_imports_and_every_catalog_follows(qtbot, console_factory, engine, tmp_path):
    console = console_factory()
    qtbot.waitUntil(lambda: console.catalog.model.rowCount() > 0, timeout=WAIT_MS)
    before = catalog_rows(console)
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,title,price,stock\nMUG-1,Mug,9.99,4\nMUG-2,,5.00,3\nMUG-3,Cup,12.5x,2\n")
    console.show_menu.choose_file = lambda parent: str(bad)
    console.show_menu.actions["catalog_import"].trigger()
    dialog = console.show_menu.dialog
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT_MS)
    assert dialog.outcome[0] is False and "Nothing was imported: 2 row problems" in dialog.status.text()
    problems = [[dialog.problems.item(r, col).text() for col in range(4)] for r in range(dialog.problems.rowCount())]
    assert problems[0][:3] == ["3", "title", ""] and "title" in problems[0][3]
    assert problems[1][:3] == ["4", "price", "12.5x"]
    assert [dialog.problems.horizontalHeaderItem(i).text() for i in range(4)] == [
        "Row", "Column", "Value", "What is wrong"]
    keep_screenshot(dialog, "console-import-problems.png", tmp_path)
    dialog.reject()
    assert "MUG-1" not in catalog_rows(console)      # nothing half-written

    good = tmp_path / "good.csv"
    good.write_text("sku,title,price,stock\nMUG-1,Mug,9.99,4\nMUG-2,Mug large,11.00,3\n")
    console.show_menu.choose_file = lambda parent: str(good)
    console.show_menu.actions["catalog_import"].trigger()
    dialog = console.show_menu.dialog
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT_MS)
    assert dialog.outcome[0] is True and dialog.progress.value() == 1000, dialog.status.text()
    qtbot.waitUntil(lambda: {"MUG-1", "MUG-2"} <= set(catalog_rows(console)), timeout=WAIT_MS)  # no restart
    assert set(before) <= set(catalog_rows(console))
    dialog.accept()


def test_rundown_editing_add_reorder_length_remove(qtbot, console_factory, engine):
    console = console_factory()
    fresh_show(qtbot, console)
    catalog, rundown = console.catalog, console.rundown
    qtbot.waitUntil(lambda: catalog.model.rowCount() >= 3, timeout=WAIT_MS)
    skus = lambda: [s["sku"] for s in console.state.state.get("segments") or []]  # noqa: E731
    for row in range(3):
        catalog.view.selectRow(row)
        added = catalog.selected_sku()
        qtbot.mouseClick(catalog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda row=row: len(skus()) == row + 1, timeout=WAIT_MS)
        assert skus()[-1] == added
    qtbot.waitUntil(lambda: rundown.view.isVisible() and not rundown.empty_state.isVisible(), timeout=WAIT_MS)
    first, second, third = skus()

    rundown.view.setFocus()
    rundown.view.selectRow(1)
    qtbot.keyClick(rundown.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: skus() == [first, third, second], timeout=WAIT_MS)
    qtbot.keyClick(rundown.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: skus() == [first, second, third], timeout=WAIT_MS)

    planned = rundown.model.index(2, 2)
    assert rundown.model.setData(planned, "1:30") is True
    qtbot.waitUntil(lambda: console.state.state["segments"][2]["planned_duration_s"] == 90, timeout=WAIT_MS)
    assert rundown.model.setData(planned, "soon") is False
    assert "'soon' is not a length (type 90, 1:30 or 2m)" in rundown.message.text()

    rundown.edit_bar.confirm_remove = lambda parent, title: True
    rundown.view.selectRow(0)                         # on air: refused, with what to do
    qtbot.keyClick(rundown.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "is on air: take another segment first" in rundown.message.text(), timeout=WAIT_MS)
    rundown.view.selectRow(2)
    qtbot.mouseClick(rundown.edit_bar.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: skus() == [first, second], timeout=WAIT_MS)


def test_the_panels_follow_the_command_line(qtbot, console_factory, engine):
    console = console_factory()
    name = fresh_show(qtbot, console)
    qtbot.waitUntil(lambda: console.catalog.model.rowCount() > 0, timeout=WAIT_MS)
    cli = [sys.executable, "-m", "studio"]
    for args in (("rundown", "add", name, "--kind", "product", "--sku", "KET-STEEL", "--duration", "20"),
                 ("catalog", "set-price", "KET-STEEL", "39.75")):
        done = subprocess.run([*cli, *args], env=engine.env, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: console.rundown.model.rowCount() == 1 and console.rundown.view.isVisible(),
                    timeout=WAIT_MS)
    price = lambda: next((console.catalog.model.row_dict(r)["price"] for r in range(console.catalog.model.rowCount())  # noqa: E731
                          if console.catalog.model.row_dict(r)["sku"] == "KET-STEEL"), None)
    qtbot.waitUntil(lambda: price() == "39.75", timeout=WAIT_MS)


def test_the_as_run_log_follows_the_show_opened_and_a_rename_keeps_it(qtbot, console_factory, engine):
    open_in_engine(engine, "demo")
    console = console_factory()
    console.state.link.call(c.TakeProduct(sku="HP-NC-BLK"))
    qtbot.waitUntil(lambda: any("HP-NC-BLK" in line for line in console.as_run.lines()), timeout=WAIT_MS)
    menu = console.show_menu
    menu.actions["show_rename"].trigger()            # the same show under another name: its log stays
    menu.dialog.name.setText("demo renamed")
    menu.dialog.try_accept()
    qtbot.waitUntil(lambda: console.state.state["show"]["name"] == "demo renamed", timeout=WAIT_MS)
    qtbot.wait(500)
    assert any("HP-NC-BLK" in line for line in console.as_run.lines())
    with engine.client() as client:
        client.call(c.RenameShow(name="demo renamed", new_name="demo"))
    fresh_show(qtbot, console)                        # another show: the old show's rows leave
    qtbot.waitUntil(lambda: not any("HP-NC-BLK" in line for line in console.as_run.lines()), timeout=WAIT_MS)
