"""When to try a lost destination again.

2 s, then x1.5 with jitter, capped at 15 s. Unlike OBS, the attempt counter is
reset only after 30 s of healthy streaming: a server that accepts and drops
every connection at once would otherwise be retried every 2 s for ever.
"""

from __future__ import annotations

import random

FIRST_DELAY_S = 2.0
GROWTH = 1.5
MAX_DELAY_S = 15.0
JITTER_FRACTION = 0.1
HEALTHY_RESET_S = 30.0


class ReconnectBackoff:
    def __init__(self, rng: random.Random | None = None):
        self._rng = rng or random.Random()
        self.attempts = 0

    def next_delay_s(self) -> float:
        base = min(MAX_DELAY_S, FIRST_DELAY_S * GROWTH ** self.attempts)
        self.attempts += 1
        # Jitter only upwards from the first delay, so retries are never sooner than promised.
        jitter = base * JITTER_FRACTION * self._rng.random()
        return min(MAX_DELAY_S, base + jitter) if self.attempts > 1 else base

    def note_healthy(self, healthy_for_s: float) -> None:
        if healthy_for_s >= HEALTHY_RESET_S:
            self.attempts = 0
