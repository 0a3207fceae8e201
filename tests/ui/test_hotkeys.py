"""Hotkeys: declarations, conflict rules, storage through the settings registry, editor, cheat sheet."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from studio.core.settings import SettingsStore
from studio.errors import UserInputError
from studio.ui import hotkeys
from studio.ui.actions import ACTIONS_BY_ID
from studio.ui.cheat_sheet import CheatSheetDialog, cheat_sheet_rows
from studio.ui.hotkey_binding import apply_hotkeys
from studio.ui.hotkey_editor import HotkeyEditor

REQUIRED = ("take", "fade", "cue_next_segment", "cue_previous_segment", "take_next_segment",
            "take_previous_segment", "preview_next_product", "toggle_card",
            "toggle_callout", "countdown_5m", "countdown_stop", "teleprompter_faster", "teleprompter_slower",
            "mute", "go_live", "stop_live", "cheat_sheet")


@pytest.fixture
def store(tmp_path):
    settings = SettingsStore(tmp_path / "settings.json")
    settings.load()
    return settings


def test_every_live_action_has_a_default_key_and_the_defaults_are_clean():
    assert all(hotkeys.HOTKEYS_BY_ID[action].default for action in REQUIRED)
    assert hotkeys.check_bindings(hotkeys.default_bindings()) == []
    assert set(hotkeys.HOTKEYS_BY_ID) <= set(ACTIONS_BY_ID)


def test_going_live_and_stopping_always_confirm():
    assert hotkeys.HOTKEYS_BY_ID["go_live"].confirm and hotkeys.HOTKEYS_BY_ID["stop_live"].confirm
    assert not hotkeys.HOTKEYS_BY_ID["take"].confirm


@pytest.mark.parametrize("first, second", [
    ("F11", "F11"),                       # the same key
    ("Ctrl+K", "Ctrl+K, Ctrl+L"),         # a prefix of a chord: the chord could never be typed
    ("Ctrl+K, Ctrl+L", "Ctrl+K"),         # the other direction
])
def test_conflicts_are_found_in_both_directions(first, second):
    bindings = {**hotkeys.default_bindings(), "take": first, "mute": second}
    assert hotkeys.check_bindings(bindings) == [f"Take ({hotkeys.display(first)}) conflicts with "
                                                f"Mute ({hotkeys.display(second)})"]


def test_a_global_key_conflicts_with_a_console_key_but_host_and_console_keys_do_not():
    clash = {**hotkeys.default_bindings(), "take": "Ctrl+Up"}          # teleprompter_faster is global
    assert any("Take" in problem and "Teleprompter faster" in problem for problem in hotkeys.check_bindings(clash))
    apart = {**hotkeys.default_bindings(), "teleprompter_pause": "F6"}  # host only; F6 is a console key
    assert hotkeys.check_bindings(apart) == []


def test_bare_keys_are_refused_where_a_table_would_have_taken_them():
    problems = hotkeys.check_bindings({**hotkeys.default_bindings(), "take": "T", "fade": "Space"})
    assert len(problems) == 2 and all("no Ctrl, Alt or Meta" in problem for problem in problems)
    assert hotkeys.check_bindings({**hotkeys.default_bindings(), "take": "F4"}) == []   # function key
    assert "F2" not in [hotkeys.display(text) for text in hotkeys.default_bindings().values()]
    assert hotkeys.check_bindings({**hotkeys.default_bindings(), "take": "F2"})          # the edit key


def test_unreadable_sequence_is_named():
    assert hotkeys.check_bindings({**hotkeys.default_bindings(), "take": "Ctrl+Nope"}) == [
        "hotkey take: 'Ctrl+Nope' is not a key sequence"]


def test_saved_through_the_settings_registry_and_refused_whole(store):
    hotkeys.save_bindings(store, {"take": "Ctrl+T"})
    document = json.loads(store.path.read_text())
    assert document["values"]["hotkeys.take"] == "Ctrl+T"
    reloaded = SettingsStore(store.path)
    reloaded.load()
    assert hotkeys.load_bindings(reloaded) == ({**hotkeys.default_bindings(), "take": "Ctrl+T"}, [])
    before = store.path.read_text()
    with pytest.raises(UserInputError, match="Take .* conflicts with Cue next segment"):
        hotkeys.save_bindings(store, {"take": "F6"})
    assert store.path.read_text() == before


def test_a_hand_edited_conflict_falls_back_to_the_defaults_with_a_warning(store):
    store.path.write_text(json.dumps({"version": 1, "values": {"hotkeys.take": "F6"}}))
    store.load()
    bindings, warnings = hotkeys.load_bindings(store)
    assert bindings == hotkeys.default_bindings()
    assert len(warnings) == 1 and str(store.path) in warnings[0] and "conflicts" in warnings[0]


def test_editor_refuses_a_conflict_typed_with_the_keyboard_and_saves_a_good_key(qtbot, store):
    editor = HotkeyEditor(store)
    qtbot.addWidget(editor)
    edit = editor.edits["take"]
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_F6)                 # cue next segment's key
    assert editor.save() is False
    assert "Take (F6) conflicts with Cue next segment (F6)" in editor.problems.text()
    assert not store.path.exists()
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(editor.saved) as saved:
        assert editor.save() is True
    assert saved.args[0]["take"] == "Ctrl+T"
    assert json.loads(store.path.read_text())["values"]["hotkeys.take"] == "Ctrl+T"


def test_cheat_sheet_lists_every_bound_action_from_the_declarations(qtbot):
    rows = cheat_sheet_rows(hotkeys.default_bindings())
    assert [row[0].removesuffix(" (asks first)") for row in rows] == [hotkey.label for hotkey in hotkeys.HOTKEYS]
    assert ("Go Live (asks first)", "Ctrl+Shift+L", "Console") in rows
    dialog = CheatSheetDialog(hotkeys.default_bindings())
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(hotkeys.HOTKEYS)


def test_each_window_gets_only_its_own_and_the_global_keys(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = {action_id: QAction(action_id, window) for action_id in ("take", "teleprompter_pause", "cheat_sheet")}
    apply_hotkeys(actions, hotkeys.default_bindings(), where="window")
    assert actions["take"].shortcut().toString() == "Ctrl+Return"
    assert actions["teleprompter_pause"].shortcut().isEmpty()      # Space is the host view's, not a table's
    assert actions["cheat_sheet"].shortcut().toString() == "?"
    apply_hotkeys(actions, hotkeys.default_bindings(), where="host")
    assert actions["take"].shortcut().isEmpty() and actions["teleprompter_pause"].shortcut().toString() == "Space"


def test_a_hotkey_fires_its_action_from_the_keyboard(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    fired = []
    action = QAction("take", window)
    action.triggered.connect(lambda: fired.append("take"))
    window.addAction(action)
    apply_hotkeys({"take": action}, hotkeys.default_bindings())
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["take"]


def test_docs_hotkeys_table_is_the_declarations():
    from pathlib import Path

    from studio.ui.cheat_sheet import markdown_table

    page = (Path(__file__).resolve().parents[2] / "docs" / "hotkeys.md").read_text(encoding="utf-8")
    start = page.index("-->\n", page.index("<!-- generated")) + 4
    table = page[start:page.index("<!-- end generated -->")]
    assert table == markdown_table(), "docs/hotkeys.md is stale: paste `python -m studio.ui.cheat_sheet` into it"
