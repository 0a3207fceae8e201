"""Puts the user's hotkeys on a window's QActions."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from studio.ui.hotkeys import HOTKEYS_BY_ID


def apply_hotkeys(actions: Mapping[str, QAction], bindings: Mapping[str, str], where: str = "window") -> None:
    """Sets each QAction's shortcut from the bindings (action id -> portable text), for the
    hotkeys of context `where` ("window": the console, "host": the host view) and the global ones;
    an action whose hotkey belongs to the other window gets no key here.

    Shortcuts work anywhere in the action's window (WindowShortcut): the action must be
    added to the window (`window.addAction`) even when no menu or toolbar shows it.
    """
    for action_id, action in actions.items():
        hotkey = HOTKEYS_BY_ID.get(action_id)
        if hotkey is None:
            continue
        text = bindings.get(action_id, hotkey.default) if hotkey.context in (where, "global") else ""
        action.setShortcut(QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{hotkey.tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if text else hotkey.tip)
