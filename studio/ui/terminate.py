"""SIGTERM (a session logging out, `kill`, a service manager) closes a window as its close button does.

Qt's event loop does not return to Python while it waits, so Python's signal handler would run only
at the next event: a light timer wakes it. The console then closes as usual (its layout saved, the
engine it started stopped), except that nobody is there to answer "stop the show?": a show that is
live or recording stays on air, as when the window crashes, and the next `studio` attaches to it.
"""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

WAKE_MS = 200


def close_on_terminate(window: QWidget) -> QTimer:
    """Close `window` on SIGTERM; returns the wake-up timer (keep it alive with the window)."""

    def terminate(_signal, _frame) -> None:
        if hasattr(window, "ask_before_closing"):
            window.ask_before_closing = lambda *_: "keep"      # nobody to ask: the show stays on air
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, terminate)
    wake = QTimer(window)
    wake.start(WAKE_MS)
    wake.timeout.connect(lambda: None)
    return wake
