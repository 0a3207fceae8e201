"""`studio webhook`: the secret is shown once and kept in the key store, never in the database."""

import json

from studio.cli import main


def test_add_list_test_remove(tmp_path, monkeypatch, capsys):
    from tests.store.receiver import Receiver

    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "keys.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    from keyring.backends import fail
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    db = str(tmp_path / "studio.db")
    receiver = Receiver("whsec_placeholderplaceholder00")
    assert main(["webhook", "add", "shop", receiver.url, "--events", "product.featured", "--db", db]) == 0
    secret = capsys.readouterr().out.split("receiver): ")[1].strip()
    receiver.secret = secret
    assert secret.startswith("whsec_") and secret not in (tmp_path / "studio.db").read_bytes().decode("latin-1")
    assert secret in (tmp_path / "keys.json").read_text()
    assert main(["webhook", "list", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "shop", "url": receiver.url, "events": ["product.featured"],
                                                    "pending": 0, "delivered": 0, "failed": 0}]
    assert main(["webhook", "test", "shop", "--db", db]) == 2          # the receiver is not up yet (user error)
    assert "Connection" in capsys.readouterr().err
    receiver.start()
    try:
        assert main(["webhook", "test", "shop", "--db", db]) == 0
        assert receiver.events[0]["type"] == "webhook.test" and receiver.refused == 0
    finally:
        receiver.stop()
    assert main(["webhook", "remove", "shop", "--db", db]) == 0
    assert "webhook:shop" not in (tmp_path / "keys.json").read_text()
