"""A SIGKILL mid-show loses no committed as-run event and leaves a consistent database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import create_show, get_show
from tests.show.conftest import REPO

pytestmark = pytest.mark.realtime  # against the clock: never beside another real-time test

WRITER = textwrap.dedent(
    """
    import sys
    from studio.core.show.asrun import AsRunLog
    from studio.core.show.db import open_database
    from studio.core.show.rundown import get_show

    db = open_database(sys.argv[1])
    log = AsRunLog(db, get_show(db, "live").id)
    n = 0
    while True:
        log.record("graphic_shown", n / 30, kind="callout", n=n)
        print(n, flush=True)  # printed only after the commit returned
        n += 1
    """
)


def test_sigkill_mid_show_keeps_every_committed_event(db, db_path):
    create_show(db, "live")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    try:
        last_committed = -1
        for line in writer.stdout:
            last_committed = int(line)
            if last_committed >= 150:
                break
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL

    reopened = open_database(db_path)
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _, events = load_events(reopened, get_show(reopened, "live").id)
    numbers = [event["details"]["n"] for event in events]
    assert numbers == list(range(len(numbers)))  # in order, no gap, no torn row
    assert len(numbers) >= last_committed + 1


ON_AIR_WRITER = textwrap.dedent(
    """
    import sys, time
    from studio.core.show.asrun import AsRunLog
    from studio.core.show.background_writer import BackgroundWriter
    from studio.core.show.db import open_database
    from studio.core.show.rundown import get_show

    db = open_database(sys.argv[1])
    log = AsRunLog(db, get_show(db, "live").id, writer=BackgroundWriter(sys.argv[1]))
    n = 0
    while True:
        log.record("graphic_shown", n / 30, kind="callout", n=n)
        print(n, time.monotonic(), flush=True)  # queued, not yet committed
        n += 1
        time.sleep(1 / 100)
    """
)
MAX_LOSS_S = 0.2


def test_sigkill_on_air_loses_at_most_the_last_200_ms_of_queued_entries(db, db_path):
    """On air, entries are committed by the writer thread: a SIGKILL loses only what it had not reached."""
    create_show(db, "live")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", ON_AIR_WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    queued_at: dict[int, float] = {}
    try:
        for line in writer.stdout:
            n, at = line.split()
            queued_at[int(n)] = float(at)
            if int(n) >= 300:
                break
        killed_at = time.monotonic()  # CLOCK_MONOTONIC is the same clock in both processes
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()

    reopened = open_database(db_path)
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _, events = load_events(reopened, get_show(reopened, "live").id)
    numbers = [event["details"]["n"] for event in events]
    assert numbers == list(range(len(numbers)))  # in order, no gap, no torn row
    lost = [n for n, at in queued_at.items() if n >= len(numbers)]
    assert all(queued_at[n] >= killed_at - MAX_LOSS_S for n in lost), (
        f"lost {len(lost)} entries queued up to {killed_at - queued_at[min(lost)]:.3f} s before the kill")
