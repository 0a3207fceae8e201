"""Destination fixtures: a real SQLite file, a real key file, an in-memory keyring backend."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from studio.core.keystore import FileSecrets, KeyStore


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps passwords in a dict (what an OS keyring does, minus the OS)."""

    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


@pytest.fixture(autouse=True)
def no_os_keyring(monkeypatch, tmp_path: Path):
    """Every test starts on keyring's fail backend with its own key file, as on this machine."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "config" / "stream-keys.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "stream-keys.json"


@pytest.fixture
def keystore(key_file: Path) -> KeyStore:
    return KeyStore(FileSecrets(key_file))


