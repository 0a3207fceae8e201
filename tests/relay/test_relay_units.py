"""The relay's pieces without servers: its URL, its statistics page, how they become destination states,
and the files `studio relay config` writes (nginx itself checks their syntax)."""

from __future__ import annotations

import subprocess

import pytest

from studio.core.output.health import OutputState
from studio.core.output.relay_sink import LOST, NOT_CONFIGURED, RelaySink
from studio.core.output.relay_url import RelayUrl, parse_relay_url, relay_app
from studio.core.output.sink_worker import SinkSpec
from studio.errors import UserInputError
from studio.relay.nginx_config import RelayLayout, RelayTarget, nginx_conf, secret_files, write_relay
from studio.relay.stat import parse_stat
from tests.fixtures.rtmp_server import nginx_binary

SECRET = "abcdefghijklmnop0123456789"
STAT = b"""<?xml version="1.0" encoding="utf-8" ?><rtmp><server>
<application><name>studio</name><live><stream><name>program</name><bytes_in>1000</bytes_in>
  <client><id>1</id><address>10.0.0.9</address><publishing/><active/></client></stream></live></application>
<application><name>to-shop</name><live><stream><name>program</name><bytes_out>5000</bytes_out>
  <meta><video><frame_rate>30</frame_rate></video></meta>
  <client><id>7</id><address>1.2.3.4:1935/live</address><dropped>2</dropped><active/></client>
  <client><id>6</id><address>127.0.0.1</address><publishing/><active/></client></stream></live></application>
<application><name>to-mall</name><live><stream><name>program</name>
  <client><id>8</id><address>127.0.0.1</address><publishing/><active/></client></stream></live></application>
</server></rtmp>"""


def test_the_relay_url_keeps_its_secret_out_of_what_is_shown():
    relay = parse_relay_url(f"rtmp://relay.example.com/studio/program?stat_port=8081&secret={SECRET}")
    assert (relay.host, relay.port, relay.stat_port) == ("relay.example.com", 1935, 8081)
    assert SECRET not in relay.text + relay.masked + repr(relay) and relay.masked.endswith("secret=****")
    assert relay.publish_url == f"rtmp://relay.example.com:1935/studio/program?secret={SECRET}"
    assert relay.stat_url == f"http://relay.example.com:8081/stat?secret={SECRET}"
    for bad, reason in (("rtmps://h/studio/program", "rtmp://"), ("rtmp://h/live/x", "publish point"),
                        ("rtmp://h/studio/program?secret=short", "not one"), ("rtmp://h/studio?stat_port=x", "port"),
                        ("rtmp://h/studio?token=abc", "unknown parameter")):
        with pytest.raises(UserInputError, match=reason) as refused:
            parse_relay_url(bad)
        assert "short" not in str(refused.value) and "abc" not in str(refused.value)


def test_the_statistics_page_names_each_push():
    stat = parse_stat(STAT)
    assert stat.publishing and stat.bytes_in == 1000
    shop, mall = stat.destinations["to-shop"], stat.destinations["to-mall"]
    assert (shop.pushing, shop.active, shop.client_id, shop.dropped, shop.bytes_out, shop.fps) == (True, True, 7, 2, 5000, 30.0)
    assert mall.stream and not mall.pushing


def _sink(labels=("shop", "mall", "gone")) -> tuple[RelaySink, list]:
    changes = []
    spec = SinkSpec(url="rtmp://r/studio/program", label="relay", container_format="flv", layout=None)
    sink = RelaySink(spec, RelayUrl("r", secret=SECRET), {label: relay_app(label) for label in labels},
                     on_state_change=lambda health, previous: changes.append((health.label, str(previous), str(health.state))))
    sink.health.state = OutputState.LIVE
    return sink, changes


def _line(stat: bytes = STAT, rates: dict | None = None) -> dict:
    return {"stat": parse_stat(stat).as_dict(), "rates": rates or {"to-shop": 3600.0}}


def test_states_bitrates_drops_and_reconnects_come_from_the_statistics():
    sink, changes = _sink()
    sink._apply(_line())
    shop, mall, gone = (sink.relayed[label].health for label in ("shop", "mall", "gone"))
    assert (shop.state, shop.bitrate_kbps, shop.fps, shop.dropped_frames) == (OutputState.LIVE, 3600.0, 30.0, 2)
    assert mall.state == OutputState.CONNECTING                 # fed, but its push has not connected yet
    assert gone.state == OutputState.FAILED and gone.last_error == NOT_CONFIGURED
    sink._apply(_line(STAT.replace(b"<id>7</id><address>1.2.3.4:1935/live</address><dropped>2</dropped><active/>",
                                   b"<id>6</id><publishing/>")))
    assert shop.state == OutputState.RECONNECTING and shop.last_error == LOST and shop.bitrate_kbps == 0
    sink._apply(_line(STAT.replace(b"<id>7</id>", b"<id>9</id>").replace(b"<dropped>2</dropped>", b"<dropped>1</dropped>")))
    assert (shop.state, shop.reconnects, shop.dropped_frames) == (OutputState.LIVE, 1, 3)
    assert ("shop", "reconnecting", "live") in changes and ("gone", "connecting", "failed") in changes


def test_destinations_follow_the_stream_to_the_relay_when_it_drops():
    sink, _ = _sink(("shop",))
    sink._apply(_line())
    sink.health.state, sink.health.last_error = OutputState.RECONNECTING, "connection refused"
    sink._apply(_line())
    shop = sink.relayed["shop"].health
    assert shop.state == OutputState.RECONNECTING and "connection refused" in shop.last_error
    assert sink.healths() == [sink.health, shop]


def test_the_written_relay_keeps_keys_and_secret_in_0600_files_and_nginx_accepts_it(tmp_path):
    relay = RelayUrl("203.0.113.7", 1935, 8080, SECRET)
    layout = RelayLayout("0.0.0.0", relay, (RelayTarget("yt", "rtmps://192.0.2.10:443/live2/yt-key-0001"),
                                            RelayTarget("shop", "rtmp://192.0.2.11/live/shop-key-0002")),
                         install_dir=str(tmp_path))
    write_relay(layout, tmp_path)
    public = nginx_conf(layout) + (tmp_path / "README.md").read_text() + (tmp_path / "studio-relay.service").read_text()
    assert not any(secret in public for secret in (SECRET, "yt-key-0001", "shop-key-0002"))
    files = secret_files(layout)
    assert 'playPath=yt-key-0001" "tcUrl=rtmps://192.0.2.10:443/live2"' in files["secrets/to-yt.conf"]
    assert files["secrets/to-shop.conf"] == 'push rtmp://192.0.2.11:1935/live "playPath=shop-key-0002";\n'
    assert (tmp_path / "secrets").stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in (tmp_path / "secrets").iterdir())
    # nginx resolves every push and proxy host when it loads: addresses, as this machine is offline
    checked = subprocess.run([nginx_binary(), "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    with pytest.raises(UserInputError, match="nginx configuration cannot carry"):
        secret_files(RelayLayout("0.0.0.0", relay, (RelayTarget("bad", 'rtmp://h/live/k";evil'),)))


def test_relay_use_takes_the_secret_into_the_key_store_and_the_rest_into_the_setting(tmp_path, monkeypatch, capsys):
    import keyring
    from keyring.backends import fail

    from studio.cli import main
    from studio.core.keystore import KeyStore
    from studio.core.output.relay_url import SECRET_ACCOUNT
    from studio.core.settings import SettingsStore

    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STUDIO_KEY_FILE", str(tmp_path / "config" / "keys.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        url_file = tmp_path / "relay-url"
        url_file.write_text(f"rtmp://203.0.113.7:1935/studio/program?stat_port=8080&secret={SECRET}\n")
        assert main(["relay", "use", "--url-file", str(url_file)]) == 0
        assert KeyStore.open().get(SECRET_ACCOUNT) == SECRET
        settings = SettingsStore()
        settings.load()
        assert settings.get("streaming.relay_url") == "rtmp://203.0.113.7:1935/studio/program?stat_port=8080"
        assert SECRET not in settings.path.read_text() and SECRET not in capsys.readouterr().out
        assert main(["relay", "use", "--none"]) == 0
        settings.load()
        assert settings.get("streaming.relay_url") == ""
    finally:
        keyring.set_keyring(previous)


def test_the_relay_carries_stored_landscape_destinations_and_the_rest_go_directly(capsys):
    import argparse
    from types import SimpleNamespace

    from studio.commands._relay_option import through_relay
    from studio.core.output.encoder import EncoderSettings
    from studio.core.plan import DestinationPlan

    stored = SimpleNamespace(name="shop")
    plans = (DestinationPlan("ad hoc", "rtmp://h/live/k"),
             DestinationPlan("shop", "rtmp://h/live/k2", stored=stored),
             DestinationPlan("tiktok", "rtmp://h/live/k3", stored=SimpleNamespace(name="tiktok"), canvas="vertical"))
    args = argparse.Namespace(relay=f"rtmp://r/studio/program?secret={SECRET}", no_relay=False)
    relay, marked = through_relay(args, plans, EncoderSettings(640, 360, 30), check_now=False)
    assert relay.secret == SECRET and [plan.via_relay for plan in marked] == [False, True, False]
    assert "ps" in capsys.readouterr().err            # a secret on the command line is shown to other users
    assert through_relay(argparse.Namespace(relay=None, no_relay=True), plans, EncoderSettings(640, 360, 30), False) == (None, plans)
    with pytest.raises(UserInputError, match="stored landscape destinations"):
        through_relay(args, plans[:1], EncoderSettings(640, 360, 30), check_now=False)


def test_stored_destinations_reach_the_key_file_whatever_keyring_an_earlier_test_left(tmp_path, monkeypatch):
    """The relay tests store keys in-process and read them in `studio` processes started on the key file:
    a keyring backend left by an earlier test in the same worker took the keys instead (a clean-clone run:
    `destination mall has no stream key`)."""
    import keyring.core

    from studio.core.keystore import FileSecrets
    from tests.destinations.conftest import MemoryKeyring
    from tests.relay.relay_setup import store_destinations

    monkeypatch.setattr(keyring.core, "_keyring_backend", MemoryKeyring())
    store_destinations(tmp_path, {"mall": "rtmps://127.0.0.1:1/live/key-mall-0123456789"}, monkeypatch)
    stored = FileSecrets(tmp_path / "config" / "stream-keys.json").read("destination:mall")
    assert stored is not None and "key-mall-0123456789" in stored, "the key is not in the key file"
