"""Webhook endpoints: name, URL and the store events they want, in the database; each one's signing
secret in the key store (the OS keyring or the 0600 key file, as stream keys), never in the database.

The gateway process delivers to them (studio/gateway/outbox.py); the engine hands it the endpoints and
their secrets over the channel when it starts the gateway, never through argv or the environment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from studio.core.keystore import FileSecrets, KeyringSecrets, SecretBackend, default_key_file, usable_keyring
from studio.core.show.db import transaction
from studio.errors import UserInputError
from studio.gateway.store_events import STORE_EVENTS
from studio.gateway.webhook_signing import SignatureError, secret_key

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: str
    events: tuple[str, ...]        # empty: every store event

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events


def secret_backend() -> SecretBackend:
    backend = usable_keyring()
    return KeyringSecrets(backend) if backend is not None else FileSecrets(default_key_file())


def _account(name: str) -> str:
    return f"webhook:{name}"


def check_endpoint(name: str, url: str, events: list[str]) -> tuple[str, ...]:
    if not _NAME.match(name):
        raise UserInputError(f"webhook {name!r}: a name is letters, digits, '.', '_' or '-' (at most 64)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserInputError(f"webhook {name}: {url!r} is not an http:// or https:// URL")
    unknown = [event for event in events if event not in STORE_EVENTS]
    if unknown:
        raise UserInputError(f"webhook {name}: unknown event {unknown[0]!r}; choose from {', '.join(STORE_EVENTS)}")
    return tuple(dict.fromkeys(events))


def add(db: sqlite_utils.Database, name: str, url: str, events: list[str], secret: str,
        secrets: SecretBackend | None = None) -> Endpoint:
    chosen = check_endpoint(name, url, events)
    try:
        secret_key(secret)
    except SignatureError as error:
        raise UserInputError(f"webhook {name}: {error}") from None
    if db["webhook_endpoints"].count_where("name = ?", [name]):
        raise UserInputError(f"webhook {name} already exists (remove it first)")
    (secrets or secret_backend()).update(_account(name), lambda _old: secret.strip())   # the key store first
    with transaction(db):
        db["webhook_endpoints"].insert({"name": name, "url": url, "events": json.dumps(list(chosen)),
                                        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return Endpoint(name, url, chosen)


def remove(db: sqlite_utils.Database, name: str, secrets: SecretBackend | None = None) -> None:
    get(db, name)
    with transaction(db):
        db.execute("DELETE FROM webhook_endpoints WHERE name = ?", [name])   # its queue and log go with it
    (secrets or secret_backend()).update(_account(name), lambda _old: None)


def get(db: sqlite_utils.Database, name: str) -> Endpoint:
    for endpoint in endpoints(db):
        if endpoint.name == name:
            return endpoint
    raise UserInputError(f"no webhook named {name!r} (see `studio webhook list`)")


def endpoints(db: sqlite_utils.Database) -> list[Endpoint]:
    if "webhook_endpoints" not in db.table_names():
        return []
    return [Endpoint(row["name"], row["url"], tuple(json.loads(row["events"])))
            for row in db.query("SELECT name, url, events FROM webhook_endpoints ORDER BY name")]


def secret_of(name: str, secrets: SecretBackend | None = None) -> str | None:
    return (secrets or secret_backend()).read(_account(name))


def queue_counts(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """{endpoint: {state: count}} of the outbox."""
    counts: dict[str, dict[str, int]] = {}
    for row in db.query("SELECT endpoint, state, COUNT(*) AS n FROM webhook_outbox GROUP BY endpoint, state"):
        counts.setdefault(row["endpoint"], {})[row["state"]] = row["n"]
    return counts
