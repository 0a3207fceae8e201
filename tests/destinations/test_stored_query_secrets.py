"""Destinations stored before query values became secrets (714d9de) are moved on opening.

The old studio kept `rtmp://host/live?token=SECRET` in the destinations table as typed. Migration 5
moves each secret query value into the key store exactly as a fresh `studio destination add` of the
same URL would keep it, rewrites the row without it, and leaves no copy in the SQLite files (the
database, its -wal and the backup made before migrating); the server still receives the whole URL.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from studio.core.keystore import FileSecrets, KeyStore
from studio.core.show import destinations as store
from studio.core.show import migrations
from studio.core.show.db import open_database
from tests.destinations.test_cli import studio  # noqa: F401  (the fixture: `studio ...` in its own process)

pytestmark = pytest.mark.slow   # CLI processes

TOKEN = "tok-stored-s3cr3t-5e4d3c"
SIG = "sig-stored-s3cr3t-0f0f0f"
AUTH = "auth-stored-s3cr3t-a1a1a1"
TT_SIG = "tiktok-sig-s3cr3t-b2b2b2"
STREAM_KEY = "sk-stored-beside-8765"
SHOW_KEY = "sk-show-friday-2468"
TT_KEY = "tt-single-use-key-1357"
SECRETS = (TOKEN, SIG, AUTH, TT_SIG)

# name, preset, URL as the old studio stored it, its key, its per-show keys
OLD_ROWS = [
    ("shop", "custom", f"rtmp://127.0.0.1/live?token={TOKEN}", None, {}),
    ("beside", "custom", f"rtmp://127.0.0.1/live/?sig={SIG}", STREAM_KEY, {"friday": SHOW_KEY}),
    ("yt2", "youtube-backup", f"rtmps://b.rtmps.youtube.com:443/live2?backup=1&auth={AUTH}", STREAM_KEY, {}),
    ("tt", "tiktok", f"rtmps://push.tiktokcdn.com/stage?sig={TT_SIG}", None, {"friday": TT_KEY}),
    ("yt", "youtube", "rtmps://a.rtmps.youtube.com:443/live2", STREAM_KEY, {}),
]


# Published URLs that differ from the old studio's, as for a fresh `destination add` of the URL: the public
# `backup=1` now follows the secret, and a token without a key is a set secret (the old row had key
# "missing", so it published nothing).
EXPECTED_CHANGES = {
    "yt2/None": f"rtmps://b.rtmps.youtube.com:443/live2/{STREAM_KEY}?auth={AUTH}&backup=1",
    "yt2/friday": f"rtmps://b.rtmps.youtube.com:443/live2/{STREAM_KEY}?auth={AUTH}&backup=1",
    "shop/None": f"rtmp://127.0.0.1/live?token={TOKEN}",
    "shop/friday": f"rtmp://127.0.0.1/live?token={TOKEN}",
    "tt/None": f"rtmps://push.tiktokcdn.com/stage?sig={TT_SIG}",
}


def make_version_4_database(path: Path, keystore: KeyStore) -> None:
    """A database as the studio before 714d9de left it: the query secret in the URL column."""
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    db.enable_wal()
    migrations.migrate(db, up_to=4)
    db.execute("INSERT INTO shows (name, created_at) VALUES ('friday', '2026-12-01T10:00:00+00:00')")
    for name, preset, url, key, show_keys in OLD_ROWS:
        db.execute("INSERT INTO destinations (name, preset, url, enabled) VALUES (?, ?, ?, 1)", [name, preset, url])
        if key is not None:
            keystore.set(name, key)
        for show, show_key in show_keys.items():
            keystore.set(name, show_key, show=show)
    db.conn.commit()
    keystore.mark_used("tt", "friday")   # the single-use TikTok key already went live once
    db.close()


def _published(path: Path, keystore: KeyStore) -> dict[str, str | None]:
    """What the engine would publish to, for every destination, without and with the show."""
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    try:
        return {f"{name}/{show}": store.resolve(db, keystore, name, show).publish_url
                for name, *_ in OLD_ROWS for show in (None, "friday")}
    finally:
        db.close()


def _files_bytes(db_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}


def test_stored_query_secrets_move_to_the_key_store_on_opening(studio, db_path, key_file, tmp_path):
    keystore = KeyStore(FileSecrets(key_file))
    make_version_4_database(db_path, keystore)
    assert TOKEN.encode() in b"".join(_files_bytes(db_path).values())   # the old format, as found
    before = _published(db_path, keystore)

    listing = studio("destination", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = {row["name"]: row for row in json.loads(listing.stdout)}
    assert {name: row["url"] for name, row in rows.items()} == {
        "shop": "rtmp://127.0.0.1/live", "beside": "rtmp://127.0.0.1/live/",
        "yt2": "rtmps://b.rtmps.youtube.com:443/live2?backup=1",   # the declared public parameter stays
        "tt": "rtmps://push.tiktokcdn.com/stage", "yt": "rtmps://a.rtmps.youtube.com:443/live2"}
    assert rows["shop"]["key"] == "set" and rows["tt"]["show_keys"] == {"friday": "used"}

    files = _files_bytes(db_path)
    assert {"studio.db", "studio.db.v4-backup"} <= set(files), sorted(files)
    for secret in SECRETS:
        assert all(secret not in text for text in studio.outputs), secret
        for name, data in files.items():
            assert secret.encode() not in data, (secret, name)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    with sqlite3.connect(db_path.with_name("studio.db.v4-backup")) as backup:   # a whole v4 database still
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 4
        assert dict(backup.execute("SELECT name, url FROM destinations")) == {
            name: row["url"] for name, row in rows.items()}

    # The engine still publishes exactly where the old studio did (the token reaches the server).
    after = _published(db_path, keystore)
    assert after == {**before, **EXPECTED_CHANGES}
    assert before["yt2/None"] == f"rtmps://b.rtmps.youtube.com:443/live2/{STREAM_KEY}?backup=1&auth={AUTH}"
    assert after["beside/friday"] == f"rtmp://127.0.0.1/live/{SHOW_KEY}?sig={SIG}"
    assert after["tt/friday"] == f"rtmps://push.tiktokcdn.com/stage/{TT_KEY}?sig={TT_SIG}"
    assert keystore.is_used("tt", "friday")   # a spent single-use key stays spent

    # Exactly what a fresh `studio destination add` of the same URL (and key) keeps: the stored URL and
    # the key. (Per-show keys are not `add`'s: each one gets the query too, as the old URL sent it.)
    fresh_path, fresh_keys = tmp_path / "fresh.db", KeyStore(FileSecrets(tmp_path / "fresh-keys.json"))
    fresh = open_database(fresh_path)
    try:
        for name, preset, url, key, _ in OLD_ROWS:
            added = store.add_destination(fresh, fresh_keys, name, preset, url=url, key=key)
            assert added.destination.url == rows[name]["url"], name
            assert fresh_keys.get(name) == keystore.get(name), name
    finally:
        fresh.close()
    assert keystore.get("beside", "friday") == f"{SHOW_KEY}?sig={SIG}"
    assert keystore.get("tt", "friday") == f"{TT_KEY}?sig={TT_SIG}"

    # Opening again moves nothing more and makes no second backup.
    keys_text = key_file.read_text()
    assert studio("destination", "list").returncode == 0
    assert key_file.read_text() == keys_text
    assert len([name for name in _files_bytes(db_path) if "backup" in name]) == 1
    assert _published(db_path, keystore) == after


class _Crash(BaseException):
    """The process dying between the key store write and the database commit."""


def test_a_crash_between_the_key_store_and_the_database_loses_nothing_and_rerunning_adds_nothing(
        db_path, key_file, monkeypatch):
    keystore = KeyStore(FileSecrets(key_file))
    make_version_4_database(db_path, keystore)
    before = _published(db_path, keystore)
    real = KeyStore.add_query_secret
    calls = []

    def crash_after_the_second_write(self, *args, **kwargs):
        real(self, *args, **kwargs)
        calls.append(args)
        if len(calls) == 2:
            raise _Crash()

    monkeypatch.setattr(KeyStore, "add_query_secret", crash_after_the_second_write)
    with pytest.raises(_Crash):
        open_database(db_path)
    with sqlite3.connect(db_path) as db:   # nothing of the migration committed: every URL as it was
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert dict(db.execute("SELECT name, url FROM destinations")) == {r[0]: r[2] for r in OLD_ROWS}
    assert TOKEN in key_file.read_text()   # the first row's secret already in the key store: not lost either way

    monkeypatch.setattr(KeyStore, "add_query_secret", real)
    open_database(db_path).close()
    assert keystore.get("shop") == f"?token={TOKEN}"          # written twice, kept once
    assert keystore.get("beside") == f"{STREAM_KEY}?sig={SIG}"
    assert keystore.get("beside", "friday") == f"{SHOW_KEY}?sig={SIG}"
    assert _published(db_path, keystore) == {**before, **EXPECTED_CHANGES}
    for secret in SECRETS:
        assert all(secret.encode() not in data for data in _files_bytes(db_path).values()), secret


def test_the_old_bytes_are_zeroed_where_sqlite_does_not_do_it_by_default(db_path, key_file):
    """Many SQLite builds (python.org's macOS and Windows ones) compile secure_delete off: a rewritten row's
    old bytes would stay in the page's free space. The migration turns it on for itself only."""
    keystore = KeyStore(FileSecrets(key_file))
    make_version_4_database(db_path, keystore)
    db = sqlite_utils.Database(sqlite3.connect(str(db_path)))
    db.execute("PRAGMA secure_delete = OFF")
    long_secret = "long-" + TOKEN
    with db.conn:   # a long query: the shorter row written over it would not cover its old bytes
        db.execute("INSERT INTO destinations (name, preset, url, enabled) VALUES ('long', 'custom', ?, 1)",
                   [f"rtmp://127.0.0.1/live?token={long_secret}&padding={'p' * 80}"])
    migrations.migrate(db, db_path, open_keystore=lambda: keystore)
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 0   # restored
    db.close()
    for secret in (*SECRETS, long_secret):
        assert all(secret.encode() not in data for data in _files_bytes(db_path).values()), secret
    assert keystore.get("shop") == f"?token={TOKEN}"
    assert keystore.get("long") == f"?token={long_secret}&padding={'p' * 80}"


def test_an_unusable_key_store_leaves_the_database_as_it_was(studio, db_path, key_file):
    """The secret cannot be moved: the database is not opened (its rows are not rewritten), the message
    names the key store and never the secret; once the key store is fixed, opening moves it."""
    make_version_4_database(db_path, KeyStore(FileSecrets(key_file)))
    key_file.chmod(0o644)
    refused = studio("destination", "list")
    assert refused.returncode != 0
    assert "readable or writable by other users" in refused.stderr, refused.stderr
    assert all(secret not in refused.stdout + refused.stderr for secret in SECRETS)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert dict(db.execute("SELECT name, url FROM destinations")) == {r[0]: r[2] for r in OLD_ROWS}
    key_file.chmod(0o600)
    assert studio("destination", "list").returncode == 0
    assert KeyStore(FileSecrets(key_file)).get("shop") == f"?token={TOKEN}"
