"""One function run off the UI thread, its outcome delivered back on it: `done(result, error)`."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class BackgroundCall(QObject):
    """Runs one function on a thread; `done(result, error)` arrives on the UI thread (the wizard's tests and
    device listings take seconds: the window never waits on one)."""

    done = Signal(object, object)

    def run(self, work: Callable[[], object]) -> None:
        def target() -> None:
            try:
                self.done.emit(work(), None)
            except Exception as error:  # noqa: BLE001 - shown on the page
                self.done.emit(None, error)

        threading.Thread(target=target, name="setup wizard test", daemon=True).start()
