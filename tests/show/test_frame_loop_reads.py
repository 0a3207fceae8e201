"""A read made on the frame loop that fails never raises into it: the show goes on.

(An exclusive lock by another program cannot happen while the show is connected:
in WAL mode every connection holds a shared lock on the file. What can happen is
a file changed under the show, as here a table renamed by another program.)
"""

from __future__ import annotations

import sqlite3

import pytest

from studio.core.show.asrun import AsRunLog, load_events
from studio.core.show.background_writer import BackgroundWriter
from studio.core.show.player import RundownPlayer
from studio.core.show.rundown import get_show
from studio.core.show_graphics import ShowGraphicsTarget
from tests.broadcast.test_show_graphics_target import RecordingGraphics
from tests.show.test_rundown_player import catalog_db, show  # noqa: F401 - the fixtures

pytestmark = pytest.mark.realtime  # against the clock: never beside another real-time test

FPS = 30


def test_failing_reads_on_the_frame_loop_never_stop_the_show(show, db_path):  # noqa: F811
    target = ShowGraphicsTarget(RecordingGraphics(), show, "friday")
    writer = BackgroundWriter(db_path, on_alert=lambda line: None)
    player = RundownPlayer(show, "friday", target, AsRunLog(show, get_show(show, "friday").id, writer=writer))
    for frame in range(0, 25 * FPS):  # the product segment starts at 20 s: a product is read then
        if frame == 10 * FPS:
            other = sqlite3.connect(db_path)
            other.execute("ALTER TABLE variants RENAME TO variants_elsewhere")
            other.commit()
            other.close()
        target.tick(frame / FPS)
        player.tick(frame / FPS)
    assert writer.close(timeout_s=30)
    _, events = load_events(show, get_show(show, "friday").id)
    taken = [e["details"] for e in events if e["event"] == "product_taken"]
    assert [t["sku"] for t in taken] == ["TV-55-4K"] and "price" not in taken[0]
