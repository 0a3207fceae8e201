"""Numbered schema migrations; `PRAGMA user_version` records the last one applied.

Migrations are append-only: a released migration is never edited, a change is a
new, higher-numbered one. Each runs in its own transaction together with the
version bump, so a crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from studio.errors import UserInputError

if TYPE_CHECKING:   # keyring loads only when a row has a secret to move (tests/test_broadcast_imports.py)
    from studio.core.keystore import KeyStore

log = logging.getLogger(__name__)

SEGMENT_KINDS = ("opening", "product", "flash_deal", "giveaway", "guest", "break", "closing")

_KIND_CHECK = ", ".join(f"'{kind}'" for kind in SEGMENT_KINDS)

# Version 1: catalog, shows, rundown segments and a flat as-run log.
V1_STATEMENTS = [
    """CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        handle TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        vendor TEXT NOT NULL DEFAULT '',
        product_type TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        talking_points TEXT NOT NULL DEFAULT '[]',
        url TEXT
    )""",
    """CREATE TABLE variants (
        sku TEXT PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 1,
        options TEXT NOT NULL DEFAULT '[]',
        price TEXT NOT NULL,
        compare_at_price TEXT,
        currency TEXT NOT NULL,
        stock INTEGER,
        image_source TEXT
    )""",
    "CREATE INDEX variants_by_product ON variants(product_id, position)",
    """CREATE TABLE shows (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    f"""CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ({_KIND_CHECK})),
        title TEXT NOT NULL DEFAULT '',
        planned_duration_s REAL NOT NULL CHECK (planned_duration_s > 0),
        product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
        sku TEXT REFERENCES variants(sku) ON DELETE SET NULL,
        talking_points TEXT NOT NULL DEFAULT '[]',
        cues TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX segments_by_show ON segments(show_id, position)",
    """CREATE TABLE asrun (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        show_time_s REAL NOT NULL,
        wall_time TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    )""",
]

# Version 2: a show can be run more than once (rehearsal, then live), so as-run
# events belong to a run; draft products are marked; images are cached by content;
# destinations get a table (their stream keys never enter the database).
V2_STATEMENTS = [
    """ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'draft', 'archived'))""",
    "ALTER TABLE variants ADD COLUMN image_error TEXT",
    """CREATE TABLE images (
        source TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        fetched_at TEXT NOT NULL
    )""",
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        started_at TEXT NOT NULL
    )""",
    "ALTER TABLE asrun ADD COLUMN run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE",
    # Version-1 logs had no runs: each show's existing events become one run.
    """INSERT INTO runs (show_id, started_at)
        SELECT show_id, MIN(wall_time) FROM asrun GROUP BY show_id""",
    "UPDATE asrun SET run_id = (SELECT runs.id FROM runs WHERE runs.show_id = asrun.show_id)",
    "CREATE INDEX asrun_by_run ON asrun(run_id, id)",
    """CREATE TABLE destinations (
        name TEXT PRIMARY KEY,
        preset TEXT NOT NULL,
        url TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1
    )""",
]

# Version 3: the graphic-kind registry names each parameter once. A callout's line used to be
# read from `label` and a lower third's `text` was ignored (it reads `name`); rewrite both so
# shows saved earlier load and air the words they were given.
_RENAMED_CUE_PARAMS = (("callout", "label", "text"), ("lower_third", "text", "name"))


def _renamed(cue: str) -> str:
    for kind, old, new in _RENAMED_CUE_PARAMS:
        cue = f"""CASE WHEN json_extract({cue}, '$.kind') = '{kind}'
                       AND json_type({cue}, '$.params.{old}') IS NOT NULL
                       AND json_type({cue}, '$.params.{new}') IS NULL
                  THEN json_remove(json_set({cue}, '$.params.{new}', json_extract({cue}, '$.params.{old}')),
                                   '$.params.{old}')
                  ELSE {cue} END"""
    return cue


V3_STATEMENTS = [
    f"""UPDATE segments SET cues = (
        SELECT json_group_array(json({_renamed("cue.value")}))
        FROM (SELECT value FROM json_each(segments.cues) ORDER BY key) AS cue)
    WHERE json_valid(cues) AND json_array_length(cues) > 0""",
]

# Version 4: a destination remembers the canvas it was bound to; NULL keeps its platform's
# default (TikTok and Instagram vertical, the others landscape), as every earlier row had.
V4_STATEMENTS = [
    "ALTER TABLE destinations ADD COLUMN canvas TEXT CHECK (canvas IS NULL OR canvas IN ('landscape', 'vertical'))",
]

# Version 5: any query value of a destination URL is a secret unless its preset declares it public
# (714d9de). Rows stored before kept `rtmp://host/live?token=SECRET` in plain text: each secret query
# value moves to the key store, joined to the destination's key and per-show keys exactly as a fresh
# `studio destination add` of the same URL keeps it, and the row keeps the URL without it. The key
# store is written before the row is rewritten, inside the migration's transaction: a crash in between
# leaves the row as it was, and running again joins nothing twice (KeyStore.add_query_secret).
# The key store is opened only when a row holds such a value.


def _stored_query_secret(preset: str, url: str) -> tuple[str, str] | None:
    """(URL without its secret query values, those values as `token=T&sig=S`), or None: nothing to move."""
    from studio.core.output.platforms import PUBLIC_QUERY_NAMES, get_platform
    from studio.core.output.stream_url import parse_stream_url

    try:
        public = {name.lower() for name in get_platform(preset).public_query}
    except UserInputError:
        public = PUBLIC_QUERY_NAMES   # a preset this studio no longer knows: what masking keeps visible
    try:   # a stored URL is all application path: only its query can hold a secret
        parsed = parse_stream_url(url, app_path_segments=64, public_query=public)
    except UserInputError:
        return None
    if parsed.key is None or not parsed.key.startswith("?"):
        return None   # no secret query value (a stream key never reached this column: it was split off)
    return parsed.server, parsed.key[1:]


def _move_query_secrets(db: sqlite_utils.Database,
                        open_keystore: Callable[[], KeyStore] | None) -> list[tuple[str, str, str]]:
    """Version 5's data step; returns the (name, old URL, new URL) of every row it rewrote."""
    moved = []
    for name, preset, url in db.execute("SELECT name, preset, url FROM destinations ORDER BY name").fetchall():
        found = _stored_query_secret(preset, url)
        if found is not None:
            moved.append((name, url, *found))
    if not moved:
        return []
    if open_keystore is None:
        from studio.core.keystore import KeyStore
        open_keystore = KeyStore.open   # the store every command and the engine use
    keystore = open_keystore()
    for name, old_url, new_url, query in moved:
        keystore.add_query_secret(name, query)   # first the key store, then the row
        db.execute("UPDATE destinations SET url = ? WHERE name = ?", [new_url, name])
    log.info("moved the secret query values of %d stored destination(s) to %s", len(moved), keystore.description)
    return [(name, old_url, new_url) for name, old_url, new_url, _ in moved]


# Version 6: the store (docs/store.md). Webhook endpoints (their secrets live in the key store), each
# endpoint's queue of events to deliver in order and its delivery log (written by the gateway process);
# orders received from the shop (one row per line item; a delivery's id once, so a duplicate is dropped
# after a restart too); a variant's low-stock threshold.
V6_STATEMENTS = [
    """CREATE TABLE webhook_endpoints (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        events TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE webhook_outbox (
        id INTEGER PRIMARY KEY,
        endpoint TEXT NOT NULL REFERENCES webhook_endpoints(name) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed'))
    )""",
    "CREATE INDEX webhook_outbox_queue ON webhook_outbox(endpoint, state, id)",
    """CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        outbox_id INTEGER NOT NULL REFERENCES webhook_outbox(id) ON DELETE CASCADE,
        attempted_at TEXT NOT NULL,
        status INTEGER,
        error TEXT,
        duration_ms REAL NOT NULL
    )""",
    "CREATE INDEX webhook_deliveries_by_message ON webhook_deliveries(outbox_id)",
    """CREATE TABLE order_deliveries (
        delivery_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL
    )""",
    """CREATE TABLE order_lines (
        id INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL REFERENCES order_deliveries(delivery_id) ON DELETE CASCADE,
        order_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        received_s REAL NOT NULL,
        sku TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        price TEXT NOT NULL,
        currency TEXT NOT NULL
    )""",
    "CREATE INDEX order_lines_by_sku ON order_lines(sku, received_s)",
    "ALTER TABLE variants ADD COLUMN low_stock_threshold INTEGER CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0)",
]


# Version 7: the audience (docs/comments.md). Comment sources per show (their secrets in the key store),
# the comments the gateway's bus stored (sanitised text only; one row per platform id), each show's
# moderation and claim rules, and the claims as the engine reported them (for the fulfilment export).
V7_STATEMENTS = [
    """CREATE TABLE comment_sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    )""",
    """CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        source TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        author TEXT NOT NULL,
        author_id TEXT NOT NULL DEFAULT '',
        badges TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        posted_at REAL NOT NULL,
        received_at REAL NOT NULL,
        question INTEGER NOT NULL DEFAULT 0,
        hidden INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0,
        blocked TEXT,
        UNIQUE (show_id, platform, platform_id)
    )""",
    "CREATE INDEX comments_by_time ON comments (show_id, posted_at)",
    """CREATE TABLE comment_rules (
        show_id INTEGER PRIMARY KEY REFERENCES shows(id) ON DELETE CASCADE,
        blocked_words TEXT NOT NULL DEFAULT '[]',
        blocked_authors TEXT NOT NULL DEFAULT '[]',
        claim_words TEXT NOT NULL DEFAULT '["sold", "claim", "mine"]',
        keywords TEXT NOT NULL DEFAULT '{}',
        hold_s REAL NOT NULL DEFAULT 600,
        planned_minutes REAL NOT NULL DEFAULT 60
    )""",
    """CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        claim_id INTEGER NOT NULL,
        comment_id INTEGER,
        author TEXT NOT NULL,
        platform TEXT NOT NULL,
        sku TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        state TEXT NOT NULL,
        claimed_at REAL NOT NULL,
        changed_at REAL NOT NULL,
        UNIQUE (show_id, claim_id, claimed_at)
    )""",
]

# Version 8: a show's named inputs (the switcher's, studio/core/inputs/) stored with it, and the layout
# of inputs a segment names (JSON {"kind", "inputs", ...}; NULL: the segment leaves Program's layout alone).
V8_STATEMENTS = [
    """CREATE TABLE show_inputs (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        UNIQUE (show_id, name)
    )""",
    "ALTER TABLE segments ADD COLUMN layout TEXT",
]

MIGRATIONS: list[list[str] | Callable] = [V1_STATEMENTS, V2_STATEMENTS, V3_STATEMENTS, V4_STATEMENTS,
                                          _move_query_secrets, V6_STATEMENTS, V7_STATEMENTS,
                                          V8_STATEMENTS]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, path: Path | None = None, *, up_to: int = LATEST_VERSION,
            open_keystore: Callable[[], KeyStore] | None = None) -> None:
    """Apply every migration above the current version, up to `up_to`.

    An existing database is first copied next to itself (`NAME.vN-backup`), with
    SQLite's online backup so the copy includes whatever is still in the WAL.
    A migration that takes secrets out of the database (version 5) leaves no copy
    of them behind: not in freed space of the file (secure_delete), not in the WAL
    (checkpointed), not in this database's backups (the same rows rewritten there).
    """
    current = schema_version(db)
    if current >= up_to:
        return
    if path is not None and current > 0:
        _backup(db.conn, path, current)
    for version in range(current + 1, up_to + 1):
        step = MIGRATIONS[version - 1]
        if callable(step):   # a data step: reads and rewrites rows in one write transaction
            _run_data_step(db, path, version, step, open_keystore)
            continue
        with db.atomic():
            for statement in step:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")


def _run_data_step(db: sqlite_utils.Database, path: Path | None, version: int, step: Callable,
                   open_keystore: Callable[[], KeyStore] | None) -> None:
    secure_delete = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")   # the rewritten rows' old bytes are zeroed, not left as free space
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            rewritten = step(db, open_keystore)
            if rewritten and path is not None:
                _rewrite_backups(path, rewritten)   # before the commit: a crash after it leaves no backup behind
            db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
    finally:
        db.execute(f"PRAGMA secure_delete = {secure_delete}")
    if rewritten:
        # The old pages leave the main file and the WAL now (busy with a reader: at the next checkpoint).
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _rewrite_backups(path: Path, rewritten: list[tuple[str, str, str]]) -> None:
    """Every backup of this database gets the same destination rows rewritten: what they held is in the
    key store now, so a restored backup publishes the same URLs."""
    for backup in sorted(path.parent.glob(f"{glob.escape(path.name)}.v*-backup*")):
        if backup.name.endswith(("-journal", "-wal", "-shm")):
            continue
        try:
            copy = sqlite3.connect(str(backup))
            try:
                copy.execute("PRAGMA secure_delete = ON")
                if copy.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'destinations'").fetchone():
                    with copy:
                        copy.executemany("UPDATE destinations SET url = ? WHERE name = ? AND url = ?",
                                         [(new_url, name, old_url) for name, old_url, new_url in rewritten])
            finally:
                copy.close()
        except sqlite3.Error as error:
            log.warning("%s: could not take the moved secrets out of this backup (%s)", backup, error)


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.v{version}-backup")
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    copy = sqlite3.connect(str(target))
    try:
        conn.backup(copy)
        # A backup is one self-contained file, not a WAL database with side files.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    return target
