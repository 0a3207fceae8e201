"""Stream keys, kept outside the database: the OS keyring, else a 0600 file.

`KeyStore` holds one entry per destination: its key, per-show keys, and the
fingerprints of single-use keys that have already gone live. The entry lives in
the OS keyring (the `keyring` package) when a real keyring backend exists, else
in a JSON file only its owner can read (`$STUDIO_KEY_FILE`, default in the user
config directory), written atomically under a lock so concurrent commands do
not lose each other's keys.

Keys never appear in a message, a log line or a repr: errors name the
destination and the store, never the value. The store also keeps the secrets of comment
sources and the URLs of a show's stored inputs that carry a key or a password.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors
import platformdirs

from studio.errors import StudioError, UserInputError

APP_NAME = "live-shopping-studio"
SERVICE = APP_NAME + " stream keys"
KEY_FILE_ENV = "STUDIO_KEY_FILE"
MAX_KEY_LENGTH = 1024

try:  # POSIX: cross-process lock on a side file
    import fcntl
except ImportError:  # pragma: no cover (Windows: one process at a time, thread lock only)
    fcntl = None


class KeyStoreError(StudioError):
    """The key store cannot be used (unreadable file, keyring failure); never carries a key."""


class SecretBackend(Protocol):
    description: str

    def read(self, account: str) -> str | None: ...

    def update(self, account: str, change: Callable[[str | None], str | None]) -> None:
        """Atomically replace the value with change(old); None deletes it."""


# --- backends -------------------------------------------------------------------------

class KeyringSecrets:
    """Entries in the OS keyring, one password per destination under SERVICE."""

    def __init__(self, backend: keyring.backend.KeyringBackend):
        self._backend = backend
        self._lock = threading.Lock()
        self.description = f"the OS keyring ({type(backend).__module__}.{type(backend).__name__})"

    def read(self, account: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, account)
        except keyring.errors.KeyringError as error:
            raise KeyStoreError(f"{self.description}: cannot read the entry for {account!r} ({type(error).__name__})") from None

    def update(self, account: str, change: Callable[[str | None], str | None]) -> None:
        with self._lock:
            new = change(self.read(account))
            try:
                if new is None:
                    with contextlib.suppress(keyring.errors.PasswordDeleteError):
                        self._backend.delete_password(SERVICE, account)
                else:
                    self._backend.set_password(SERVICE, account, new)
            except keyring.errors.KeyringError as error:
                raise KeyStoreError(f"{self.description}: cannot write the entry for {account!r} ({type(error).__name__})") from None

    def __repr__(self) -> str:
        return f"KeyringSecrets({self.description})"


class FileSecrets:
    """A JSON file readable by its owner only (0600), replaced atomically under a lock."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.description = f"the key file {self.path}"
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._thread_lock = threading.Lock()

    def read(self, account: str) -> str | None:
        with self._locked():
            return self._load().get(account)

    def update(self, account: str, change: Callable[[str | None], str | None]) -> None:
        with self._locked():
            entries = self._load()
            new = change(entries.get(account))
            if new is None:
                entries.pop(account, None)
            else:
                entries[account] = new
            self._save(entries)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock

    def _load(self) -> dict[str, str]:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise KeyStoreError(f"{self.description}: cannot open ({error.strerror})") from None
        with os.fdopen(fd, "r", encoding="utf-8") as file:
            self._refuse_shared(os.fstat(file.fileno()))
            try:
                document = json.load(file)
            except ValueError:
                raise KeyStoreError(f"{self.description}: not a studio key file (invalid JSON); move it away and set the keys again") from None
        entries = document.get("entries") if isinstance(document, dict) else None
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise KeyStoreError(f"{self.description}: not a studio key file (no 'entries' object)")
        return entries

    def _refuse_shared(self, info: os.stat_result) -> None:
        if os.name != "posix":
            return
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise KeyStoreError(
                f"{self.description} is readable or writable by other users (mode {mode:04o}); "
                f"refusing to use it. If nobody else could have read it, run: chmod 600 {self.path}"
            )
        if info.st_uid != os.getuid():
            raise KeyStoreError(f"{self.description} belongs to another user (uid {info.st_uid}); refusing to use it")

    def _save(self, entries: dict[str, str]) -> None:
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump({"format": 1, "entries": entries}, file, indent=1, sort_keys=True)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        with contextlib.suppress(OSError):  # make the rename durable (POSIX)
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def __repr__(self) -> str:
        return f"FileSecrets({str(self.path)!r})"


def usable_keyring() -> keyring.backend.KeyringBackend | None:
    """The OS keyring backend, or None when keyring fell back to its fail/null backends."""
    from keyring.backends import chainer, fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def default_key_file() -> Path:
    override = os.environ.get(KEY_FILE_ENV)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "stream-keys.json"


# --- the store ------------------------------------------------------------------------

def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_key(key: str, destination_name: str) -> str:
    """The key stripped of surrounding white space; refuses empty or multi-line values."""
    key = key.strip()
    if not key:
        raise UserInputError(f"destination {destination_name}: the stream key is empty")
    if len(key) > MAX_KEY_LENGTH:
        raise UserInputError(f"destination {destination_name}: the stream key is longer than {MAX_KEY_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in key):
        raise UserInputError(f"destination {destination_name}: the stream key contains spaces, line breaks or control characters")
    return key


class KeyStore:
    """Stream keys per destination (and optionally per show); single-use keys marked once used."""

    def __init__(self, backend: SecretBackend):
        self._backend = backend

    @classmethod
    def open(cls) -> "KeyStore":
        """The OS keyring when a real one exists, else the 0600 file."""
        backend = usable_keyring()
        if backend is not None:
            return cls(KeyringSecrets(backend))
        return cls(FileSecrets(default_key_file()))

    @property
    def description(self) -> str:
        return self._backend.description

    def set(self, destination_name: str, key: str, show: str | None = None) -> None:
        key = check_key(key, destination_name)

        def change(entry: dict) -> dict:
            if show is None:
                entry["key"] = key
            else:
                entry["shows"][show] = key
            return entry

        self._change(destination_name, change)

    def get(self, destination_name: str, show: str | None = None) -> str | None:
        """The show's own key if it has one, else the destination's key, else None."""
        entry = self._entry(destination_name)
        if show is not None and show in entry["shows"]:
            return entry["shows"][show]
        return entry["key"]

    def delete(self, destination_name: str, show: str | None = None) -> bool:
        """Forget one key (show=None: the destination's own key); True if there was one."""
        found = False

        def change(entry: dict) -> dict:
            nonlocal found
            if show is None:
                found = entry["key"] is not None
                entry["key"] = None
            else:
                found = entry["shows"].pop(show, None) is not None
            return entry

        self._change(destination_name, change)
        return found

    def forget(self, destination_name: str) -> None:
        """Remove everything kept for a destination (its keys, per-show keys and used marks)."""
        self._backend.update(_account(destination_name), lambda _old: None)

    def shows_with_keys(self, destination_name: str) -> list[str]:
        return sorted(self._entry(destination_name)["shows"])

    def add_query_secret(self, destination_name: str, query: str) -> None:
        """Join secret query values (`token=T&sig=S`, taken off a stored URL) to the destination's key
        and to every per-show key, the way `studio destination add` keeps them: no key -> `?token=T`,
        `KEY` -> `KEY?token=T`, `KEY?s_bl=1` -> `KEY?s_bl=1&token=T`. A value already joined is not
        joined again (running it twice changes nothing), and a spent single-use key stays spent."""
        parts = [part for part in query.split("&") if part]

        def joined(key: str | None) -> str:
            base, _, own = (key or "").partition("?")
            own_parts = [part for part in own.split("&") if part]
            return f"{base}?" + "&".join(own_parts + [part for part in parts if part not in own_parts])

        def change(entry: dict) -> dict:
            spent = set(entry["used"])

            def rewrite(key: str | None) -> str:
                new = joined(key)
                if key is not None and fingerprint(key) in spent and fingerprint(new) not in entry["used"]:
                    entry["used"].append(fingerprint(new))
                return new

            entry["key"] = rewrite(entry["key"])
            entry["shows"] = {show: rewrite(key) for show, key in entry["shows"].items()}
            return entry

        if parts:
            self._change(destination_name, change)

    def mark_used(self, destination_name: str, show: str | None = None) -> None:
        """Record that the current key (for this show) went live: a single-use key is spent."""
        key = self.get(destination_name, show)
        if key is None:
            return
        mark = fingerprint(key)

        def change(entry: dict) -> dict:
            if mark not in entry["used"]:
                entry["used"].append(mark)
            return entry

        self._change(destination_name, change)

    def is_used(self, destination_name: str, show: str | None = None) -> bool:
        """Whether the key `get()` would return has already gone live once."""
        entry = self._entry(destination_name)
        key = entry["shows"].get(show) if show is not None else None
        key = key if key is not None else entry["key"]
        return key is not None and fingerprint(key) in entry["used"]

    def _entry(self, destination_name: str) -> dict:
        return _decode(self._backend.read(_account(destination_name)), self._backend.description)

    def _change(self, destination_name: str, change: Callable[[dict], dict]) -> None:
        description = self._backend.description

        def apply(old: str | None) -> str | None:
            entry = change(_decode(old, description))
            live_keys = {fingerprint(k) for k in [entry["key"], *entry["shows"].values()] if k is not None}
            entry["used"] = [mark for mark in entry["used"] if mark in live_keys]
            if entry["key"] is None and not entry["shows"]:
                return None
            return json.dumps(entry, sort_keys=True)

        self._backend.update(_account(destination_name), apply)

    # -- the secrets of comment sources (docs/comments.md): one entry per source, {name: value} ------------

    def set_source_secret(self, source: str, name: str, value: str) -> None:
        value = check_key(value, f"comment source {source}")

        def change(old: str | None) -> str:
            secrets = _decode_secrets(old, self._backend.description)
            secrets[name] = value
            return json.dumps(secrets)

        self._backend.update(_source_account(source), change)

    def source_secrets(self, source: str) -> dict[str, str]:
        return _decode_secrets(self._backend.read(_source_account(source)), self._backend.description)

    def forget_source(self, source: str) -> None:
        self._backend.update(_source_account(source), lambda _old: None)

    # -- the URLs of a show's stored inputs that carry a secret (docs/sources.md): one entry each, by its token ----

    def set_input_url(self, token: str, url: str) -> None:
        url = check_key(url, f"input {token}")
        self._backend.update(_input_account(token), lambda _old: url)

    def input_url(self, token: str) -> str | None:
        return self._backend.read(_input_account(token))

    def forget_input_url(self, token: str) -> None:
        self._backend.update(_input_account(token), lambda _old: None)

    def __repr__(self) -> str:
        return f"KeyStore({self._backend.description})"


def _input_account(token: str) -> str:
    return f"input:{token}"


def _source_account(source: str) -> str:
    return f"comment-source:{source}"


def _decode_secrets(raw: str | None, description: str) -> dict[str, str]:
    if raw is None:
        return {}
    try:
        stored = json.loads(raw)
    except ValueError:
        raise KeyStoreError(f"{description}: a comment source's entry is not in the studio's format") from None
    return {k: v for k, v in stored.items() if isinstance(v, str)} if isinstance(stored, dict) else {}


def _account(destination_name: str) -> str:
    return f"destination:{destination_name}"


def _decode(raw: str | None, description: str) -> dict:
    entry = {"key": None, "shows": {}, "used": []}
    if raw is None:
        return entry
    try:
        stored = json.loads(raw)
    except ValueError:
        raise KeyStoreError(f"{description}: an entry is not in the studio's format; set the key again") from None
    if isinstance(stored, dict):
        entry["key"] = stored.get("key") if isinstance(stored.get("key"), str) else None
        entry["shows"] = {k: v for k, v in (stored.get("shows") or {}).items() if isinstance(v, str)}
        entry["used"] = [m for m in (stored.get("used") or []) if isinstance(m, str)]
    return entry
