"""Any query value of an ingest URL is a secret unless the preset declares it public (issue 21, item 5).

`rtmp://host/live?token=SECRET`: the token goes to the key store like a stream key, is masked in every
answer, event, state, log line, argv and error, never reaches the database, and still reaches the server.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from studio.core.keystore import KeyStore
from studio.core.show import destinations as store
from studio.wire.client import ControlError
from tests.broadcast.test_no_secret_leaks import other_process_cmdlines
from tests.destinations.test_cli import studio  # noqa: F401  (the fixture: `studio ...` in its own process)
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = pytest.mark.slow

TOKEN = "tok-query-s3cr3t-9f8e7d"
AUTH = "auth-query-s3cr3t-1a2b3c"
SIG = "sig-query-s3cr3t-77aa00"
STREAM_KEY = "sk-beside-token-4321"


def _database_bytes(db_path) -> bytes:
    return b"".join(path.read_bytes() for path in db_path.parent.iterdir() if path.name.startswith(db_path.name))


def test_cli_moves_every_query_secret_to_the_key_store_and_never_shows_it(studio, db_path, key_file):
    added = [
        studio("destination", "add", "shop", "--preset", "custom", "--url", f"rtmp://127.0.0.1/live?token={TOKEN}"),
        studio("destination", "add", "mixed", "--preset", "custom", "--url",
               f"rtmp://127.0.0.1/live?key=mixedstream&auth={AUTH}&region=eu"),
        studio("destination", "add", "beside", "--preset", "custom", "--url", f"rtmp://127.0.0.1/live/?sig={SIG}",
               "--key-env", "KEY", extra_env={"KEY": STREAM_KEY}),
        studio("destination", "add", "yt2", "--preset", "youtube-backup", "--key-env", "KEY",
               extra_env={"KEY": STREAM_KEY}),
    ]
    for result in added:
        assert result.returncode == 0, result.stderr
    assert "?token=****" in added[0].stdout and "the stored URL is rtmp://127.0.0.1/live" in added[0].stdout
    listing = studio("destination", "list")
    as_json = {row["name"]: row for row in json.loads(studio("destination", "list", "--json").stdout)}
    assert {name: row["url"] for name, row in as_json.items()} == {
        "shop": "rtmp://127.0.0.1/live", "mixed": "rtmp://127.0.0.1/live", "beside": "rtmp://127.0.0.1/live/",
        "yt2": "rtmps://b.rtmps.youtube.com:443/live2?backup=1"}   # the declared public parameter stays
    assert all(row["key"] == "set" for row in as_json.values())
    for secret in (TOKEN, AUTH, SIG, STREAM_KEY, "region=eu"):
        assert all(secret not in text for text in studio.outputs), secret
        assert secret.encode() not in _database_bytes(db_path), secret
    assert "shop" in listing.stdout
    key_file_text = key_file.read_text()
    assert TOKEN in key_file_text and AUTH in key_file_text and SIG in key_file_text   # kept, in the key store
    db = sqlite3.connect(db_path)
    try:
        import sqlite_utils
        database = sqlite_utils.Database(db)
        keystore = KeyStore.open()
        published = {name: store.resolve(database, keystore, name).publish_url for name in as_json}
        labels = [store.resolve(database, keystore, name).label for name in as_json]
    finally:
        db.close()
    assert published == {
        "shop": f"rtmp://127.0.0.1/live?token={TOKEN}",
        "mixed": f"rtmp://127.0.0.1/live/mixedstream?auth={AUTH}&region=eu",
        "beside": f"rtmp://127.0.0.1/live/{STREAM_KEY}?sig={SIG}",
        "yt2": f"rtmps://b.rtmps.youtube.com:443/live2/{STREAM_KEY}?backup=1"}
    for secret in (TOKEN, AUTH, SIG, STREAM_KEY):
        assert all(secret not in label for label in labels), labels


def test_engine_add_destination_answers_and_announces_no_query_secret_and_streams_the_full_url(rtmp_server, tmp_path):
    engine = EngineProcess(tmp_path, "--size", "640x360", "--live", "--to", rtmp_server.url("first"), show="friday")
    seen: list[str] = []
    try:
        with engine.client() as client, engine.client() as watcher:
            watcher.on_event(lambda kind, data: seen.append(json.dumps([kind, data])))
            wait_until(lambda: any(d["state"] == "live" for d in client.vendor("GetShowState")["destinations"]),
                       what="the first destination live")
            base = f"rtmp://127.0.0.1:{rtmp_server.port}/live"
            answer = client.vendor("AddDestination", {"name": "shop", "preset": "custom",
                                                      "url": f"{base}?key=shopstream&token={TOKEN}"})
            later = client.vendor("AddDestination", {"name": "later", "preset": "custom", "enabled": False,
                                                     "url": f"{base}?auth={AUTH}"})
            with pytest.raises(ControlError) as refused:   # unreachable while live: the refusal names no secret
                client.vendor("AddDestination", {"name": "gone", "preset": "custom",
                                                 "url": f"rtmp://127.0.0.1:1/live?key=x&sig={SIG}"})
            seen += [json.dumps(answer), json.dumps(later), refused.value.comment]
            assert answer["url"] == base and later["url"] == base
            state = wait_until(lambda: (s := client.vendor("GetShowState")) and
                               (next((d for d in s["destinations"] if d.get("name") == "shop"), {}).get("state")
                                == "live") and s, what="the added destination live")
            seen.append(json.dumps(state))
            recording = rtmp_server.recording("shopstream")
            wait_until(lambda: recording.exists() and recording.stat().st_size > 10_000, what="nginx recording it")
            # nginx-rtmp logs each publish with its arguments: the token reached the server
            assert f"args='token={TOKEN}'" in rtmp_server.log_path.read_text()
            wait_until(lambda: sum("DestinationListChanged" in text for text in seen) >= 2,
                       what="DestinationListChanged for both")
            seen.extend(other_process_cmdlines())
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    seen.append(engine.log())
    for secret in (TOKEN, AUTH, SIG):
        assert all(secret not in text for text in seen), secret
        assert secret.encode() not in _database_bytes(engine.db_path), secret
    keys = (engine.root / "config" / "stream-keys.json").read_text()
    assert TOKEN in keys and AUTH in keys


def test_set_key_beside_a_query_only_secret_keeps_the_token(studio, db_path):
    assert studio("destination", "add", "shop", "--preset", "custom",
                  "--url", f"rtmp://127.0.0.1/live?token={TOKEN}").returncode == 0
    result = studio("destination", "set-key", "shop", "--key-env", "KEY", extra_env={"KEY": STREAM_KEY})
    assert result.returncode == 0, result.stderr
    import sqlite_utils
    database = sqlite_utils.Database(db_path)
    try:
        assert store.resolve(database, KeyStore.open(), "shop").publish_url == \
            f"rtmp://127.0.0.1/live/{STREAM_KEY}?token={TOKEN}"
    finally:
        database.close()
    assert all(TOKEN not in text and STREAM_KEY not in text for text in studio.outputs)
