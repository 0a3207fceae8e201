"""The T-bar under Take / Fade: a manual transition driven by hand, as OBS's and vMix's.

Top is Program as it is (0 %), bottom the take complete (100 %). The first move takes
Preview under a held transition (the engine's `SetTBarPosition`, docs/control.md); every
move shows the mix at that position on the program, from the next frame. Let go at the
bottom: the take completes and the bar springs back to the top. Let go part way: the
mix holds there (both pictures on air) until the bar is moved again.

Keyboard, once focused (the `tbar` hotkey, or Tab): Down / Up move it 5 %, Page Down /
Page Up 25 %, End completes the take. Moves are coalesced (SEND_EVERY_MS), so a drag
sends a few requests a second, not one per pixel, and the last position always goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSlider

STEPS = 100
SEND_EVERY_MS = 40
# the engine completes a take at 1.0 even without a release: a drag sends at most this until let go
MOVING_MAX = 0.99
# a snapshot older than our last move may not know of it yet
TRUST_SNAPSHOT_AFTER_S = 2.0


class TBar(QSlider):
    def __init__(self, send: Callable[[float, bool], None], parent=None):
        """send(position 0.0..1.0, release) requests SetTBarPosition."""
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("tbar")
        self.setAccessibleName("T-bar")
        self.setToolTip("T-bar: drag down to mix Preview onto Program; let go at the bottom to complete the take, "
                        "part way to hold the mix. Keys: Down/Up 5 %, Page Down/Up 25 %, End completes")
        self.setRange(0, STEPS)
        self.setSingleStep(5)
        self.setPageStep(25)
        self.setInvertedAppearance(True)      # 0 at the top, as a T-bar pulled down
        self.setInvertedControls(True)        # Down moves it down (towards the take)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(120)
        self._send = send
        self.holding = False                  # a position was sent and the take is not complete
        self._sent_at = -TRUST_SNAPSHOT_AFTER_S
        self._timer = QTimer(self, singleShot=True, interval=SEND_EVERY_MS)
        self._timer.timeout.connect(self._flush)
        self._engine_tbar: dict | None = None
        self._recheck = QTimer(self, singleShot=True)
        self._recheck.timeout.connect(lambda: self.follow(self._engine_tbar))
        self.valueChanged.connect(self._moved)
        self.sliderReleased.connect(self._flush)

    def _moved(self, value: int) -> None:
        if value == 0 and not self.holding:
            return                            # at rest: nothing to say
        if value == STEPS and not self.isSliderDown():
            self._flush()                     # the keyboard reached the end: complete now
        elif not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        self._timer.stop()
        value = self.value()
        if value == STEPS and not self.isSliderDown():
            self._send(1.0, True)             # let go at the end (or End / Page Down to it): the take completes
            self.holding = False
            self.blockSignals(True)
            self.setValue(0)                  # springs back for the next take
            self.blockSignals(False)
        elif value > 0 or self.holding:
            self._send(min(value / STEPS, MOVING_MAX), False)  # moving, or let go part way: the mix holds
            self.holding = True
        self._sent_at = time.monotonic()

    def follow(self, tbar: dict | None) -> None:
        """The engine's word (GetShowState `tbar`), when this bar is not being moved: a transition held by
        another client (a second console, a Stream Deck) puts the bar where it is; none held (completed
        elsewhere, a take) puts it back at the top."""
        self._engine_tbar = tbar
        if self.isSliderDown() or self._timer.isActive():
            return                               # the producer's hand wins; its release sends the end
        since_s = time.monotonic() - self._sent_at
        if since_s < TRUST_SNAPSHOT_AFTER_S:     # may predate our last move: look again once it cannot
            self._recheck.start(int((TRUST_SNAPSHOT_AFTER_S - since_s) * 1000) + 10)
            return
        held = bool((tbar or {}).get("held"))
        value = round(float((tbar or {}).get("position") or 0.0) * STEPS) if held else 0
        if held != self.holding or value != self.value():
            self.holding = held
            self.blockSignals(True)
            self.setValue(value)
            self.blockSignals(False)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_End:
            self.setValue(STEPS)
            return
        if event.key() == Qt.Key.Key_Home:
            return                            # there is no cancel (docs/control.md): Home does nothing
        super().keyPressEvent(event)
