"""Every live action's hotkey, declared once: action id, default key, confirmation, context.

Labels and tips come from `studio/ui/actions.py` (one declaration per action); this
module only says which key fires which action id, and whether it asks first. The user's
keys are stored through the settings registry (`hotkeys.<action id>`, portable text such
as "Ctrl+Return"; an empty text means "no key").

Rules checked when keys are saved (`check_bindings`), the spyder way:
- Two actions conflict when their contexts overlap (the same context, or either is
  `global`) and either sequence matches the other exactly or as a prefix
  (`QKeySequence.matches` in both directions), so "Ctrl+K" and the chord
  "Ctrl+K, Ctrl+L" conflict: the first would fire before the chord is finished.
- A bare key (no Ctrl, Alt or Meta; Shift alone does not count) is refused unless it is
  a function key (F1, F3-F35: F2 is the edit key of every table) or the action is declared
  `bare_ok`. A bare letter, digit, Space, Return or arrow is what a producer types into
  the rundown or catalog table; as a hotkey it would take a product instead of editing a
  cell. `bare_ok` is kept for actions that are harmless if hit by mistake (the cheat sheet,
  the teleprompter's speed) and for the host view, which has no text field at all.
- Going live and stopping always confirm (`confirm=True`, enforced at import): a hotkey is
  never the only thing between a producer's finger and the audience. The console's handler
  for these ids asks (studio/ui/live_controls.py, the same dialog as the buttons; Return
  answers No, Y answers Yes); tests/ui/test_keyboard_only.py drives both from the keyboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from studio.core import settings
from studio.errors import UserInputError
from studio.ui.actions import ACTIONS_BY_ID

CONTEXTS = ("window", "host", "global")   # the console, the host view, both
ALWAYS_CONFIRM = ("go_live", "stop_live")


@dataclass(frozen=True)
class Hotkey:
    action_id: str
    default: str               # portable text, "" for none
    context: str = "window"
    confirm: bool = False      # ask before acting (a dialog the keyboard can answer)
    bare_ok: bool = False      # may be a key without Ctrl/Alt/Meta (see the module doc)

    @property
    def label(self) -> str:
        return ACTIONS_BY_ID[self.action_id].label

    @property
    def tip(self) -> str:
        return ACTIONS_BY_ID[self.action_id].tip

    @property
    def setting_key(self) -> str:
        return f"hotkeys.{self.action_id}"


HOTKEYS: tuple[Hotkey, ...] = (
    Hotkey("take", "Ctrl+Return"),
    Hotkey("fade", "Ctrl+Shift+Return"),
    Hotkey("cue_previous_segment", "F5"),          # Preview only
    Hotkey("cue_next_segment", "F6"),              # Preview only
    Hotkey("take_previous_segment", "Shift+F5"),   # to air
    Hotkey("take_next_segment", "Shift+F6"),       # to air
    Hotkey("preview_next_product", "F7"),
    Hotkey("toggle_card", "F8"),
    Hotkey("toggle_callout", "F9"),
    Hotkey("toggle_lower_third", "Alt+1"),
    Hotkey("toggle_ticker", "Alt+2"),
    Hotkey("toggle_logo", "Alt+3"),
    Hotkey("toggle_slate", "Alt+4"),
    Hotkey("countdown_1m", "Ctrl+1"),
    Hotkey("countdown_5m", "Ctrl+5"),
    Hotkey("countdown_10m", "Ctrl+0"),
    Hotkey("countdown_stop", "Ctrl+Shift+0"),
    Hotkey("mute", "Ctrl+M"),
    Hotkey("tbar", "Ctrl+B"),
    Hotkey("multiview", "Ctrl+Shift+V"),
    Hotkey("record", "Ctrl+Shift+R"),
    Hotkey("go_live", "Ctrl+Shift+L", confirm=True),
    Hotkey("stop_live", "Ctrl+Shift+End", confirm=True),
    Hotkey("host_view", "Ctrl+H"),
    Hotkey("settings", "Ctrl+,"),
    Hotkey("teleprompter_faster", "Ctrl+Up", context="global"),
    Hotkey("teleprompter_slower", "Ctrl+Down", context="global"),
    Hotkey("teleprompter_pause", "Space", context="host", bare_ok=True),
    Hotkey("cheat_sheet", "?", context="global", bare_ok=True),
)
HOTKEYS_BY_ID = {hotkey.action_id: hotkey for hotkey in HOTKEYS}

for _hotkey in HOTKEYS:
    if _hotkey.action_id not in ACTIONS_BY_ID:
        raise ValueError(f"hotkey for unknown action {_hotkey.action_id!r} (declare it in studio/ui/actions.py)")
    if _hotkey.context not in CONTEXTS:
        raise ValueError(f"hotkey {_hotkey.action_id}: context {_hotkey.context!r} is not one of {CONTEXTS}")
    if _hotkey.action_id in ALWAYS_CONFIRM and not _hotkey.confirm:
        raise ValueError(f"hotkey {_hotkey.action_id}: going live and stopping always confirm")
    settings.declare(settings.Setting(_hotkey.setting_key, str, _hotkey.default, f"Hotkey: {_hotkey.label}"))

_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
_BARE_ALLOWED_KEYS = {int(Qt.Key.Key_F1)} | set(range(int(Qt.Key.Key_F3), int(Qt.Key.Key_F35) + 1))


def parse_sequence(text: str, action_id: str) -> QKeySequence:
    """The sequence for portable text; UserInputError naming the action when Qt cannot read it."""
    sequence = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if text.strip() and (sequence.isEmpty() or any(
            sequence[i].key() == Qt.Key.Key_unknown for i in range(sequence.count()))):
        raise UserInputError(f"hotkey {action_id}: {text!r} is not a key sequence")
    return sequence


def is_bare(sequence: QKeySequence) -> bool:
    """True when the first key has no Ctrl/Alt/Meta and is not an allowed function key."""
    if sequence.isEmpty():
        return False
    first = sequence[0]
    return not (first.keyboardModifiers() & _MODIFIERS) and int(first.key()) not in _BARE_ALLOWED_KEYS


def _contexts_overlap(a: str, b: str) -> bool:
    return a == b or "global" in (a, b)


def _sequences_clash(a: QKeySequence, b: QKeySequence) -> bool:
    no = QKeySequence.SequenceMatch.NoMatch
    return a.matches(b) != no or b.matches(a) != no


def check_bindings(bindings: Mapping[str, str]) -> list[str]:
    """Every problem with a full set of bindings (action id -> portable text), one line each."""
    problems: list[str] = []
    parsed: dict[str, QKeySequence] = {}
    for action_id, text in bindings.items():
        hotkey = HOTKEYS_BY_ID.get(action_id)
        if hotkey is None:
            problems.append(f"hotkey {action_id}: no such action")
            continue
        try:
            sequence = parse_sequence(text, action_id)
        except UserInputError as error:
            problems.append(str(error))
            continue
        if sequence.isEmpty():
            continue
        if is_bare(sequence) and not hotkey.bare_ok:
            problems.append(f"{hotkey.label}: {display(text)} has no Ctrl, Alt or Meta and would "
                            "fire while typing in a table; add a modifier or use a function key")
        parsed[action_id] = sequence
    ids = list(parsed)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            a, b = HOTKEYS_BY_ID[first], HOTKEYS_BY_ID[second]
            if _contexts_overlap(a.context, b.context) and _sequences_clash(parsed[first], parsed[second]):
                problems.append(f"{a.label} ({display(bindings[first])}) conflicts with "
                                f"{b.label} ({display(bindings[second])})")
    return problems


def display(text: str) -> str:
    """Portable text as the platform writes it (Ctrl+Return, ⌘↩ on macOS)."""
    sequence = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText) or "—"


def default_bindings() -> dict[str, str]:
    return {hotkey.action_id: hotkey.default for hotkey in HOTKEYS}


def load_bindings(store: settings.SettingsStore) -> tuple[dict[str, str], list[str]]:
    """The stored bindings; when they break a rule (a hand-edited file) the defaults, with why."""
    bindings = {hotkey.action_id: store.get(hotkey.setting_key) for hotkey in HOTKEYS}
    problems = check_bindings(bindings)
    if problems:
        return default_bindings(), [f"{store.path}: {problem}; using the default hotkeys" for problem in problems]
    return bindings, []


def save_bindings(store: settings.SettingsStore, bindings: Mapping[str, str]) -> None:
    """Refuses (UserInputError listing every problem) before anything is written."""
    complete = {**default_bindings(), **bindings}
    problems = check_bindings(complete)
    if problems:
        raise UserInputError("hotkeys not saved: " + "; ".join(problems))
    for action_id, text in complete.items():
        store.set(HOTKEYS_BY_ID[action_id].setting_key, text)
    store.save()
