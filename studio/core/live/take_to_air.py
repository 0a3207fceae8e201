"""Take-to-air: from a request's arrival to the end of the encode of the first frame that shows it.

Measured for every command declared `on_air` (studio/wire/commands.py), in three parts:
waiting for the frame boundary, composing, encoding. All on the engine thread. A command whose
picture may come later than its frame (a take whose card's render is late) says what shows it
(`airs_when`); it is measured to the first frame that does.
"""

from __future__ import annotations

import time
from typing import Callable

from studio.wire.commands import Command

GIVE_UP_AFTER_S = 10.0


class TakeToAir:
    def __init__(self) -> None:
        self.last_ms: float | None = None
        self.max_ms = 0.0
        self.parts_ms: dict[str, float] = {}       # the last take's parts (ms)
        self._awaiting_compose: list[tuple[Command, float, Callable[[], bool] | None]] = []
        self._awaiting_encode: list[tuple[int, Command, float, float]] = []
        self._airs_when: dict[int, Callable[[], bool]] = {}

    def airs_when(self, command: Command, shown: Callable[[], bool]) -> None:
        """The command's handler: `command` shows on the first composed frame for which `shown()` is true."""
        self._airs_when[id(command)] = shown

    def applied(self, command: Command) -> None:
        """The command changed the program state at this frame boundary."""
        self._awaiting_compose.append((command, time.monotonic(), self._airs_when.pop(id(command), None)))

    def composed(self, frame_index: int, program=None) -> None:
        """An engine after_frame hook: the frame that shows the applied commands is composed."""
        if not self._awaiting_compose:
            return
        now_s = time.monotonic()
        for entry in list(self._awaiting_compose):
            command, applied_s, shown = entry
            if shown is None or shown():
                self._awaiting_compose.remove(entry)
                self._awaiting_encode.append((frame_index, command, applied_s, now_s))
            elif now_s - applied_s > GIVE_UP_AFTER_S:   # never shown (its render failed): not measured
                self._awaiting_compose.remove(entry)

    def encoded(self, frame_index: int) -> None:
        """The frame's packets reached the outputs (the engine encodes one frame behind)."""
        if not self._awaiting_encode:
            return
        now_s = time.monotonic()
        done = [entry for entry in self._awaiting_encode if entry[0] <= frame_index]
        for entry in done:
            self._awaiting_encode.remove(entry)
            _, command, applied_s, composed_s = entry
            self.last_ms = (now_s - command.received_at_s) * 1000
            self.max_ms = max(self.max_ms, self.last_ms)
            self.parts_ms = {"to_frame_boundary": round((applied_s - command.received_at_s) * 1000, 1),
                             "compose": round((composed_s - applied_s) * 1000, 1),
                             "encode": round((now_s - composed_s) * 1000, 1)}

    def as_dict(self) -> dict:
        return {"take_to_air_ms": None if self.last_ms is None else round(self.last_ms, 1),
                "take_to_air_max_ms": round(self.max_ms, 1), "take_to_air_parts_ms": dict(self.parts_ms)}
