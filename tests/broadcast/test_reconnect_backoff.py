"""A destination that accepts and drops every connection is tried again later and later (the backoff,
studio/core/output/backoff.py), and a show that never reached it fails its run.

Beside the real-time tests, not among them: its checks are lower bounds on the gaps and their growth,
which a shared CPU only lengthens.
"""

from __future__ import annotations

import time

import pytest

from tests.broadcast.live_process import LiveBroadcast
from tests.fixtures.tcp_servers import AcceptAndDropServer

pytestmark = [pytest.mark.slow, pytest.mark.beside_realtime]


def test_a_server_that_drops_every_connection_is_retried_with_backoff(tmp_path):
    dropper = AcceptAndDropServer()
    try:
        # Five attempts (2 s, then x1.5 each: about 16 s) show the gaps grow; the show is stopped then. (Not
        # fewer: on a loaded machine each attempt starts later, so the first gaps grow and only a late one
        # doubles them.) The first two accepts are the worker's early connection (the first attempt, made while
        # the engine starts: studio/core/output/early_connect.py) and the reachability check before the show.
        # A new connection starts on a keyframe: keyframes every 0.5 s keep the gaps near the backoff's own
        # (with the default 2 s they are rounded up to whole keyframe intervals: 4, 4, 6, 8, 12 s).
        live = LiveBroadcast(("--size", "320x180", "--duration", "60", "--keyframe-interval", "0.5", "--to",
                              f"rtmp://127.0.0.1:{dropper.port}/live/key", "--quiet"))
        deadline = time.monotonic() + 60
        while len(dropper.accepted_at_s) < 2 + 5 and time.monotonic() < deadline and live.process.poll() is None:
            time.sleep(0.1)
        started_s, attempts = live.started_at_s, list(dropper.accepted_at_s[2:])
        live.stop()
        assert live.wait(timeout_s=120) == 1, "a destination that never went live fails the run"
    finally:
        dropper.close()
    assert len(attempts) == 5, f"{len(attempts)} attempts in {time.monotonic() - started_s:.0f} s"
    gaps = [b - a for a, b in zip(attempts, attempts[1:])]
    assert all(gap >= 1.8 for gap in gaps), gaps
    assert gaps[-1] > gaps[0] * 2, f"retries must back off: {gaps}"
