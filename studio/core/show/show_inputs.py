"""A show's named inputs, stored with it (the switcher opens them when the show plays).

A network input's URL may carry a secret: a listening input's stream key, a pulled stream's key,
a camera's password, an SRT passphrase. The database holds no secret in plain text, so such a URL
goes into the key store (studio/core/keystore.py, under a token of its own) and the database keeps
`keystore:TOKEN:` and the URL masked (what listings show). Stored so, the input needs no
`--input` on the engine's command line either, where any user of the machine would read it.
"""

from __future__ import annotations

import secrets

import sqlite_utils

from studio.core.inputs.network import carries_secret
from studio.core.secrets import redact_url
from studio.core.show.db import transaction
from studio.core.show.rundown import get_show
from studio.errors import UserInputError

KEY_STORE_MARK = "keystore:"


def _token_of(stored_spec: str) -> str | None:
    if not stored_spec.startswith(KEY_STORE_MARK):
        return None
    return stored_spec[len(KEY_STORE_MARK):].split(":", 1)[0]


def shown_spec(stored_spec: str) -> str:
    """A stored spec as listings show it: masked, without the key store's token."""
    return stored_spec.split(":", 2)[2] if _token_of(stored_spec) else stored_spec


def _key_store(keystore):
    if keystore is not None:
        return keystore
    from studio.core.keystore import KeyStore

    return KeyStore.open()


def stored_inputs(db: sqlite_utils.Database, show_id: int, keystore=None, masked: bool = False) -> list[tuple[str, str]]:
    """(name, spec) of a show's inputs, in order; a URL kept in the key store is read back from it
    (`masked`: as listings show it, without opening the key store)."""
    rows = [(row["name"], row["spec"]) for row in
            db.query("SELECT name, spec FROM show_inputs WHERE show_id = ? ORDER BY position", [show_id])]
    if masked:
        return [(name, shown_spec(spec)) for name, spec in rows]
    resolved = []
    for name, spec in rows:
        token = _token_of(spec)
        if token is not None:
            keystore = _key_store(keystore)
            spec = keystore.input_url(token)
            if spec is None:
                raise UserInputError(f"input {name}: its URL was kept in the key store ({keystore.description}), "
                                     "which no longer has it; add the input again")
        resolved.append((name, spec))
    return resolved


def store_input(db: sqlite_utils.Database, show_name: str, name: str, spec: str, keystore=None) -> str:
    """Add (or re-point) a show's input; a URL with a secret goes into the key store. Returns the spec as shown."""
    stored_spec = spec
    if carries_secret(spec):
        token = secrets.token_hex(8)
        _key_store(keystore).set_input_url(token, spec)
        stored_spec = f"{KEY_STORE_MARK}{token}:{redact_url(spec)}"
    with transaction(db):
        show = get_show(db, show_name)
        old = _stored_spec(db, show.id, name)
        position = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM show_inputs WHERE show_id = ?",
                              [show.id]).fetchone()[0]
        db.execute("""INSERT INTO show_inputs (show_id, position, name, spec) VALUES (?, ?, ?, ?)
                      ON CONFLICT (show_id, name) DO UPDATE SET spec = excluded.spec""",
                   [show.id, position, name, stored_spec])
    _forget_secret(old, keystore)
    return shown_spec(stored_spec)


def forget_input(db: sqlite_utils.Database, show_name: str, name: str, keystore=None) -> bool:
    with transaction(db):
        show = get_show(db, show_name)
        old = _stored_spec(db, show.id, name)
        found = db.execute("DELETE FROM show_inputs WHERE show_id = ? AND name = ?", [show.id, name]).rowcount > 0
    _forget_secret(old, keystore)
    return found


def _stored_spec(db: sqlite_utils.Database, show_id: int, name: str) -> str | None:
    row = db.execute("SELECT spec FROM show_inputs WHERE show_id = ? AND name = ?", [show_id, name]).fetchone()
    return row[0] if row else None


def _forget_secret(stored_spec: str | None, keystore) -> None:
    token = _token_of(stored_spec or "")
    if token is not None:
        _key_store(keystore).forget_input_url(token)
