"""Another process holding the database's write lock for 5 s never takes the show off air (issue 14.1)."""

from __future__ import annotations

import json

import pytest

from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.broadcast.live_process import LiveBroadcast
from tests.fixtures.engine import studio_cli
from tests.probe import decoded_video_seconds, probe
from tests.show.lock_holder import holding_write_lock

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

DURATION_S, FPS = 12, 30


def test_a_5_s_write_lock_during_a_live_show_loses_no_frame_and_no_as_run_entry(tmp_path):
    db = tmp_path / "studio.db"
    # set-up, not the subject: the CLI's own code in this process (no interpreter start per command)
    studio_cli(db, "catalog", "import", str(DEMO_CATALOG_PATH))
    studio_cli(db, "show", "create", "friday")
    studio_cli(db, "rundown", "add", "friday", "--kind", "opening", "--duration", "2", "--cue", "logo@0")
    studio_cli(db, "rundown", "add", "friday", "--kind", "product", "--sku", "TV-55-4K", "--duration", "10",
               "--cue", "card@0", "--cue", "callout@1+2")
    recording, stats_path = tmp_path / "friday.mkv", tmp_path / "stats.json"
    live = LiveBroadcast(("--show", "friday", "--auto-advance", "--duration", str(DURATION_S), "--size", "640x360",
                          "--record", str(recording), "--stats-json", str(stats_path), "--db", str(db)))
    live.wait_for_line(r"^00:01 ", 60)  # on air: the segment change at 2 s falls inside the lock
    with holding_write_lock(db, hold_s=5.0) as holder:
        assert holder.stdout.readline().strip() == "released"
    assert live.wait() == 0, live.text()

    assert "ALERT: as-run log:" in live.text() and "saving again" in live.text(), live.text()
    stats = json.loads(stats_path.read_text())
    assert stats["frames_skipped"] == 0, "the lock must not slow the frame loop"
    assert stats["frames_encoded"] == DURATION_S * FPS
    media = probe(recording)
    assert abs(media.duration_s - DURATION_S) < 0.2 and len(media.video_pts_s()) == DURATION_S * FPS
    assert abs(decoded_video_seconds(recording) - DURATION_S) < 0.2

    reopened = open_database(db)
    _, events = load_events(reopened, get_show(reopened, "friday").id)
    names = [event["event"] for event in events]
    assert names[0] == "go_live" and names[-1] == "stop"
    assert names.count("segment_start") == 2 and names.count("segment_end") == 2
    assert [e["details"]["sku"] for e in events if e["event"] == "product_taken"] == ["TV-55-4K"]
    assert [round(e["show_time_s"], 2) for e in events if e["event"] == "segment_start"] == [0.0, 2.0]
    assert {"graphic_shown", "graphic_hidden", "destination_state"} <= set(names)
