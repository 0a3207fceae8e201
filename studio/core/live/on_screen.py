"""The frame that shows a change: what a take answers and logs, even when its render is late.

A take applies at a frame boundary, but its card reaches the picture when the render worker has
drawn it: on that same frame normally (the frame waits RENDER_WAIT_S for it, or it was drawn
ahead), on a later one when the machine is loaded (the frame loop never waits longer). A handler
that answers "the frame that shows it" registers here what shows it; the engine's after_frame hook
(every canvas composed) resolves it on the first frame whose picture does. Engine thread only.
"""

from __future__ import annotations

from concurrent.futures import InvalidStateError
from typing import Callable

# A change still not on screen after this many frames (its render failed, say) is answered with the
# frame it applied at, as if it had shown at once: a client never waits on a picture that cannot come.
GIVE_UP_AFTER_FRAMES = 150


class OnScreen:
    def __init__(self) -> None:
        # (shows, then, applied frame): shows() -> True (on screen now), False (not yet), None (never:
        # replaced before it showed); then(frame) once it resolves
        self._waiting: list[tuple[Callable[[], bool | None], Callable[[int], None], int]] = []

    def when_shown(self, shows: Callable[[], bool | None], then: Callable[[int], None], applied_frame: int) -> None:
        self._waiting.append((shows, then, applied_frame))

    def after_frame(self, frame_index: int, program=None) -> None:
        """The engine's after_frame hook: every canvas of `frame_index` is composed."""
        for entry in list(self._waiting):
            shows, then, applied_frame = entry
            shown = shows()
            if shown or shown is None or frame_index - applied_frame >= GIVE_UP_AFTER_FRAMES:
                self._waiting.remove(entry)
                then(frame_index if shown else applied_frame)


def answer(command, result: dict) -> None:
    """Answer a command whose handler returned LATER (a client that stopped waiting takes no answer)."""
    try:
        command.future.set_result(result)
    except InvalidStateError:
        pass
