"""Shows saved before the graphic-kind registry keep loading, with their words on air.

Before it, a callout cue's line was read from `label` (the documented `text` was ignored)
and a lower third's `text` was ignored (it reads `name`); the registry refuses both old
spellings, so version 3 rewrites them in the stored cues.
"""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from studio.core.show import migrations
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show, load_segments


def make_version_2_database_with_old_cues(path) -> None:
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    migrations.migrate(db, up_to=2)
    db["shows"].insert({"name": "old-show", "created_at": "2025-01-01T00:00:00+00:00"})
    cues = [
        {"kind": "callout", "offset_s": 5, "duration_s": 10, "params": {"label": "Only 3 left"}},
        {"kind": "lower_third", "offset_s": 0, "params": {"text": "Ana Ruiz"}},
        {"kind": "countdown", "offset_s": 20, "duration_s": 30, "params": {"label": "Deal ends"}},
        {"kind": "callout", "offset_s": 40, "params": {"text": "Already new"}},
        {"kind": "card", "offset_s": 0},
    ]
    db["segments"].insert({"show_id": 1, "position": 1, "kind": "opening", "title": "Hello",
                           "planned_duration_s": 60, "cues": json.dumps(cues)})
    db.close()


def test_old_callout_and_lower_third_params_load_and_keep_their_words(db_path):
    make_version_2_database_with_old_cues(db_path)
    db = open_database(db_path)
    assert migrations.schema_version(db) == migrations.LATEST_VERSION

    (segment,) = load_segments(db, get_show(db, "old-show").id)
    params = [(cue.kind, cue.params) for cue in segment.cues]
    assert params == [
        ("callout", {"text": "Only 3 left"}),
        ("lower_third", {"name": "Ana Ruiz"}),
        ("countdown", {"label": "Deal ends"}),     # a countdown's label is its real parameter
        ("callout", {"text": "Already new"}),
        ("card", {}),
    ]
    db.close()
