"""The key store: 0600 file fallback (permissions, atomic writes, concurrency) and the OS keyring path."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import threading

import pytest

from studio.core import keystore as keystore_module
from studio.core.keystore import FileSecrets, KeyringSecrets, KeyStore, KeyStoreError
from studio.errors import UserInputError

KEY = "live_8412_SeCrEtStReAmKeY"


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_without_a_keyring_the_store_is_the_0600_file(key_file):
    store = KeyStore.open()
    assert "key file" in store.description and str(key_file) in store.description
    store.set("twitch", KEY)
    assert mode_of(key_file) == 0o600
    assert mode_of(key_file.with_name(key_file.name + ".lock")) == 0o600
    assert KeyStore.open().get("twitch") == KEY


def test_set_get_delete_and_per_show_keys(keystore):
    assert keystore.get("tiktok") is None
    keystore.set("tiktok", "  stream-1?expire=1&sign=ab  \n")  # pasted with white space
    keystore.set("tiktok", "stream-2", show="friday")
    assert keystore.get("tiktok") == "stream-1?expire=1&sign=ab"
    assert keystore.get("tiktok", show="friday") == "stream-2"
    assert keystore.get("tiktok", show="saturday") == "stream-1?expire=1&sign=ab"  # falls back
    assert keystore.shows_with_keys("tiktok") == ["friday"]
    assert keystore.delete("tiktok", show="friday") is True
    assert keystore.delete("tiktok", show="friday") is False
    assert keystore.delete("tiktok") is True
    assert keystore.get("tiktok") is None


def test_forget_removes_everything(keystore, key_file):
    keystore.set("a", "k1")
    keystore.set("a", "k2", show="s")
    keystore.set("b", "k3")
    keystore.forget("a")
    assert keystore.get("a") is None and keystore.get("a", show="s") is None
    assert keystore.get("b") == "k3"
    assert "k1" not in key_file.read_text()


def test_single_use_keys(keystore):
    keystore.set("tiktok", "first-key", show="friday")
    assert not keystore.is_used("tiktok", show="friday")
    keystore.mark_used("tiktok", show="friday")
    assert keystore.is_used("tiktok", show="friday")
    assert not keystore.is_used("tiktok")  # no default key: nothing used
    keystore.set("tiktok", "second-key", show="friday")  # a new key is fresh
    assert not keystore.is_used("tiktok", show="friday")
    keystore.set("tiktok", "first-key", show="friday")  # the spent one was forgotten with its key
    assert not keystore.is_used("tiktok", show="friday")


@pytest.mark.parametrize("bad, reason", [
    ("", "is empty"), ("   \n", "is empty"), ("two words", "spaces, line breaks"),
    ("line\nbreak", "spaces, line breaks"), ("x" * 2000, "longer than 1024"),
])
def test_bad_keys_are_refused_without_echoing_them(keystore, bad, reason):
    with pytest.raises(UserInputError, match=reason) as caught:
        keystore.set("yt", bad)
    assert bad.strip() == "" or bad not in str(caught.value)


def test_refuses_a_file_others_can_read(keystore, key_file):
    keystore.set("yt", KEY)
    os.chmod(key_file, 0o644)
    with pytest.raises(KeyStoreError, match=r"readable or writable by other users \(mode 0644\); refusing") as caught:
        keystore.get("yt")
    assert f"chmod 600 {key_file}" in str(caught.value)
    assert KEY not in str(caught.value)
    with pytest.raises(KeyStoreError):
        keystore.set("other", "k")  # nor writes to it
    os.chmod(key_file, 0o600)
    assert keystore.get("yt") == KEY


def test_refuses_a_corrupt_file_without_showing_it(keystore, key_file):
    key_file.parent.mkdir(parents=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b'{"entries": {"destination:yt": "' + KEY.encode() + b'"')  # truncated JSON
    os.close(fd)
    with pytest.raises(KeyStoreError, match="invalid JSON") as caught:
        keystore.get("yt")
    assert KEY not in str(caught.value)


def test_write_is_atomic_a_failed_write_leaves_the_old_file(keystore, key_file, monkeypatch):
    keystore.set("yt", KEY)
    before = key_file.read_bytes()
    inode = os.stat(key_file).st_ino

    def broken_dump(document, file, **kwargs):
        file.write('{"entries": {"destination:yt": "half')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keystore_module.json, "dump", broken_dump)
    with pytest.raises(OSError):
        keystore.set("twitch", "another-key")
    monkeypatch.undo()
    assert key_file.read_bytes() == before
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name, key_file.name + ".lock"]
    keystore.set("twitch", "another-key")
    assert os.stat(key_file).st_ino != inode  # replaced, not rewritten in place
    assert mode_of(key_file) == 0o600


def _set_many(path: str, worker: int, count: int) -> None:
    store = KeyStore(FileSecrets(path))
    for index in range(count):
        store.set(f"dest-{worker}-{index}", f"key-{worker}-{index}")


def test_concurrent_sets_from_threads_and_processes_lose_nothing(key_file):
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_set_many, args=(str(key_file), worker, 15)) for worker in range(3)]
    threads = [threading.Thread(target=_set_many, args=(str(key_file), worker, 15)) for worker in range(3, 6)]
    for runner in (*processes, *threads):
        runner.start()
    for runner in (*processes, *threads):
        runner.join(30)
    assert all(p.exitcode == 0 for p in processes)
    entries = json.loads(key_file.read_text())["entries"]
    assert len(entries) == 6 * 15
    store = KeyStore(FileSecrets(key_file))
    assert all(store.get(f"dest-{w}-{i}") == f"key-{w}-{i}" for w in range(6) for i in range(15))
    assert mode_of(key_file) == 0o600


def test_keyring_path_with_a_real_backend(memory_keyring, key_file):
    store = KeyStore.open()
    assert isinstance(store._backend, KeyringSecrets)
    assert "MemoryKeyring" in store.description
    store.set("youtube", KEY)
    store.set("tiktok", "tt-key", show="friday")
    store.mark_used("tiktok", show="friday")
    assert not key_file.exists()  # nothing on disk
    assert KeyStore.open().get("youtube") == KEY
    assert KeyStore.open().is_used("tiktok", show="friday")
    accounts = {username for (service, username) in memory_keyring.passwords}
    assert accounts == {"destination:youtube", "destination:tiktok"}
    assert all(service == keystore_module.SERVICE for (service, _) in memory_keyring.passwords)
    store.delete("youtube")
    assert ("stream keys" in keystore_module.SERVICE) and store.get("youtube") is None
    assert "destination:youtube" not in {u for (_, u) in memory_keyring.passwords}  # deleted, not blanked
    store.forget("tiktok")
    assert memory_keyring.passwords == {}


def test_keyring_errors_never_carry_the_key(memory_keyring):
    import keyring.errors

    def refuse(service, username, password):
        raise keyring.errors.PasswordSetError(f"could not store {password}")

    memory_keyring.set_password = refuse
    with pytest.raises(KeyStoreError, match="cannot write the entry for 'destination:yt' \\(PasswordSetError\\)") as caught:
        KeyStore.open().set("yt", KEY)
    assert KEY not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_reprs_show_no_key(keystore, key_file):
    keystore.set("yt", KEY)
    for text in (repr(keystore), str(keystore), repr(keystore._backend)):
        assert KEY not in text
