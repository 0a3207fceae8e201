"""Slowing password guessing without ever slowing the producer.

Each wrong password from an address is answered after a delay that doubles with that address's
recent failures, capped at AUTH_MAX_DELAY_S (the exponent is capped too, so thousands of failures
cannot overflow). The delays of one address are serialised: ten wrong guesses in parallel are
answered one delay apart, not all at once. A right password is judged and accepted at once.
"""

from __future__ import annotations

import time

from studio.gateway.limits import AUTH_FAILURES_FORGOTTEN_AFTER_S, AUTH_FIRST_DELAY_S, AUTH_MAX_DELAY_S


def failure_delay_s(failures: int) -> float:
    """The delay before answering the `failures`-th wrong password in a row (1-based)."""
    doublings = min(max(failures, 1) - 1, 32)
    return min(AUTH_MAX_DELAY_S, AUTH_FIRST_DELAY_S * 2.0 ** doublings)


class AuthThrottle:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._failures: dict[str, tuple[int, float]] = {}   # address -> (failures, answer time of the last)

    def failed(self, address: str) -> float:
        """Count a wrong password from `address`; the seconds to wait before answering it."""
        now = self._clock()
        failures, last_answer_at = self._failures.get(address, (0, now))
        if now - last_answer_at > AUTH_FAILURES_FORGOTTEN_AFTER_S:
            failures = 0
        failures += 1
        answer_at = max(now, last_answer_at) + failure_delay_s(failures)
        self._failures[address] = (failures, answer_at)
        return answer_at - now

    def failures(self, address: str) -> int:
        return self._failures.get(address, (0, 0.0))[0]

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)
