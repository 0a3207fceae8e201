"""Take-to-air: from a request's arrival to the end of the encode of the first frame that shows it.

Measured for every command declared `on_air` (studio/wire/commands.py), in three parts:
waiting for the frame boundary, composing, encoding. All on the engine thread.
"""

from __future__ import annotations

import time

from studio.wire.commands import Command


class TakeToAir:
    def __init__(self) -> None:
        self.last_ms: float | None = None
        self.max_ms = 0.0
        self.parts_ms: dict[str, float] = {}       # the last take's parts (ms)
        self._awaiting_compose: list[tuple[Command, float]] = []
        self._awaiting_encode: list[tuple[int, Command, float, float]] = []

    def applied(self, command: Command) -> None:
        """The command changed the program state at this frame boundary."""
        self._awaiting_compose.append((command, time.monotonic()))

    def composed(self, frame_index: int, program=None) -> None:
        """An engine after_frame hook: the frame that shows the applied commands is composed."""
        if not self._awaiting_compose:
            return
        now_s = time.monotonic()
        self._awaiting_encode += [(frame_index, command, applied_s, now_s) for command, applied_s in self._awaiting_compose]
        self._awaiting_compose.clear()

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
