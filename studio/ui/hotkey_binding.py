"""Puts the user's hotkeys on a window's QActions, and the confirmation step some need."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

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


def confirm_then(parent: QWidget, action_id: str, perform: Callable[[], None], question: str = "") -> QMessageBox | None:
    """Runs `perform` at once, or, for an action declared `confirm`, after the producer says yes.

    The box is opened window-modal without a nested event loop (`open`, not `exec`); the
    action's own button is the default (Return says yes), Escape says no.
    """
    hotkey = HOTKEYS_BY_ID.get(action_id)
    if hotkey is None or not hotkey.confirm:
        perform()
        return None
    box = QMessageBox(QMessageBox.Icon.Question, hotkey.label, question or f"{hotkey.tip}?",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(f"confirm_{action_id}")
    yes = box.addButton(hotkey.label, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished() -> None:
        if box.clickedButton() is yes:
            perform()

    box.finished.connect(finished)
    box.open()
    return box
