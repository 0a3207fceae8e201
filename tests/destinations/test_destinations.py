"""Stored destinations: key-in-URL detection, storage without keys, resolution for the output worker."""

from __future__ import annotations

import argparse

import pytest

from studio.commands._destination_option import add_destination_options, after_live, resolve_for_broadcast
from studio.core.output.encoder import EncoderSettings
from studio.core.output.platforms import PLATFORMS
from studio.core.show.destinations import (
    KeyState, add_destination, enabled_destinations, get_destination, list_destinations, remove_destination,
    resolve, set_enabled, set_key, split_key_from_url,
)
from studio.core.show.rundown import create_show
from studio.errors import UserInputError

YT_KEY = "abcd-efgh-ijkl-mnop"
SETTINGS = EncoderSettings(width=1280, height=720, fps=30, video_bitrate_kbps=3500, audio_bitrate_kbps=160)


@pytest.mark.parametrize("preset, url, base, key", [
    ("youtube", f"rtmps://a.rtmps.youtube.com/live2/{YT_KEY}", "rtmps://a.rtmps.youtube.com/live2", YT_KEY),
    ("youtube", f"rtmps://a.rtmps.youtube.com:443/live2/{YT_KEY}/", "rtmps://a.rtmps.youtube.com:443/live2", YT_KEY),
    ("youtube", "rtmps://a.rtmps.youtube.com:443/live2", "rtmps://a.rtmps.youtube.com:443/live2", None),
    ("twitch", "rtmp://live.twitch.tv/app/live_123_abc", "rtmp://live.twitch.tv/app", "live_123_abc"),
    ("twitch", "rtmps://live.twitch.tv:443/app/", "rtmps://live.twitch.tv:443/app/", None),
    ("facebook", "rtmps://live-api-s.facebook.com:443/rtmp/FB-1-0-Ab?s_bl=1&a=Cd",
     "rtmps://live-api-s.facebook.com:443/rtmp/", "FB-1-0-Ab?s_bl=1&a=Cd"),
    ("custom", "rtmp://127.0.0.1:1935/live/mykey", "rtmp://127.0.0.1:1935/live", "mykey"),
    ("custom", "rtmp://127.0.0.1:1935/live", "rtmp://127.0.0.1:1935/live", None),
    ("linkedin", "rtmps://c.channel.media.azure.net:2935/live/0a1b/KEY1", "rtmps://c.channel.media.azure.net:2935/live/0a1b", "KEY1"),
])
def test_key_in_url_is_split_off(preset, url, base, key):
    assert split_key_from_url(url, PLATFORMS[preset]) == (base, key)


def test_add_moves_a_pasted_key_out_of_the_database(db, db_path, keystore):
    added = add_destination(db, keystore, "yt", "youtube", url=f"rtmps://a.rtmps.youtube.com/live2/{YT_KEY}")
    assert added.moved_key_masked == "****mnop"
    assert added.destination.url == "rtmps://a.rtmps.youtube.com/live2"
    assert keystore.get("yt") == YT_KEY
    db.close()
    assert YT_KEY.encode() not in db_path.read_bytes()
    assert all(YT_KEY.encode() not in p.read_bytes() for p in db_path.parent.glob("studio.db*"))


def test_fixed_presets_default_to_rtmps(db, keystore):
    added = add_destination(db, keystore, "yt", "youtube", key="live_1")
    assert added.destination.url == "rtmps://a.rtmps.youtube.com:443/live2" and added.moved_key_masked is None
    resolved = resolve(db, keystore, "yt")
    assert resolved.publish_url == "rtmps://a.rtmps.youtube.com:443/live2/live_1"
    assert resolved.label == "yt (rtmps://a.rtmps.youtube.com:443/live2/****)", "a short key is masked whole"
    assert resolved.key_state is KeyState.SET
    fb = add_destination(db, keystore, "fb", "facebook", key="FB-9-0-Zz")
    assert resolve(db, keystore, "fb").publish_url == "rtmps://rtmp-api.facebook.com:443/rtmp/FB-9-0-Zz"
    twitch = add_destination(db, keystore, "tw", "twitch", key="live_2")
    assert twitch.destination.url == "rtmp://live.twitch.tv/app", "Twitch's sources list no RTMPS ingest"
    assert fb.destination.url.endswith("/rtmp/")


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "tt", "preset": "tiktok"}, "the TikTok preset needs --url"),
    ({"name": "bad name", "preset": "youtube"}, "destination name 'bad name'"),
    ({"name": "fb", "preset": "facebook", "url": "rtmp://live-api-s.facebook.com/rtmp/"}, "accepts rtmps:// only"),
    ({"name": "c", "preset": "custom", "url": "http://example.com/live"}, "unsupported scheme 'http'"),
    ({"name": "c", "preset": "custom", "url": "rtmp://example.com"}, "no application path"),
    ({"name": "c", "preset": "custom", "url": "rtmp://example.com:99999/live"}, "port is not a number"),
    ({"name": "c", "preset": "nope", "url": "rtmp://example.com/live"}, "preset 'nope': unknown"),
    ({"name": "yt", "preset": "youtube", "url": f"rtmps://a.rtmps.youtube.com/live2/{YT_KEY}", "key": "other"},
     r"already ends in a stream key \(\*\*\*\*mnop\) and a key was given too"),
])
def test_add_refuses_bad_input_without_showing_keys(db, keystore, kwargs, message):
    with pytest.raises(UserInputError, match=message) as caught:
        add_destination(db, keystore, **kwargs)
    assert YT_KEY not in str(caught.value)
    assert list_destinations(db) == []


def test_duplicate_name_is_refused_and_the_key_untouched(db, keystore):
    add_destination(db, keystore, "yt", "youtube", key="first")
    with pytest.raises(UserInputError, match="destination yt: already exists"):
        add_destination(db, keystore, "yt", "youtube", key="second")
    assert keystore.get("yt") == "first"


def test_list_enable_disable_remove(db, keystore):
    add_destination(db, keystore, "yt", "youtube", key="k1")
    add_destination(db, keystore, "local", "custom", url="rtmp://127.0.0.1/live/k2")
    assert [d.name for d in list_destinations(db)] == ["local", "yt"]
    set_enabled(db, "yt", False)
    assert get_destination(db, "yt").enabled is False
    assert [d.name for d in enabled_destinations(db, keystore)] == ["local"]
    remove_destination(db, keystore, "local")
    assert keystore.get("local") is None and [d.name for d in list_destinations(db)] == ["yt"]
    with pytest.raises(UserInputError, match="no destination named 'local'"):
        set_key(db, keystore, "local", "k")


def test_resolved_destination_repr_masks_the_key(db, keystore):
    add_destination(db, keystore, "yt", "youtube", key=YT_KEY)
    resolved = resolve(db, keystore, "yt")
    assert resolved.publish_url.endswith("/" + YT_KEY)
    for text in (repr(resolved), str(resolved), f"{resolved}", repr([resolved])):
        assert YT_KEY not in text and "yt" in text


def _broadcast_args(db_path, *argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ca-file")
    add_destination_options(parser)
    return parser.parse_args([*argv, "--db", str(db_path)])


def test_resolve_for_broadcast_preflights_each_destination(db, db_path, keystore):
    add_destination(db, keystore, "twitch", "twitch", key="live_1")
    add_destination(db, keystore, "yt", "youtube", key=YT_KEY)
    add_destination(db, keystore, "off", "custom", url="rtmp://127.0.0.1/live/k")
    set_enabled(db, "off", False)
    args = _broadcast_args(db_path, "--all-destinations", "--ca-file", "ca.pem")
    resolved = resolve_for_broadcast(args, SETTINGS, keystore)
    assert [d.name for d in resolved] == ["twitch", "yt"]
    assert all(d.ca_file == "ca.pem" for d in resolved)
    assert resolve_for_broadcast(_broadcast_args(db_path), SETTINGS, keystore) == []
    assert [d.name for d in resolve_for_broadcast(_broadcast_args(db_path, "--destination", "off"), SETTINGS, keystore)] == ["off"]

    fast = EncoderSettings(width=1280, height=720, fps=30, video_bitrate_kbps=9000, audio_bitrate_kbps=160)
    with pytest.raises(UserInputError) as caught:
        resolve_for_broadcast(_broadcast_args(db_path, "--destination", "twitch"), fast, keystore)
    assert str(caught.value) == "destination twitch refused by preflight: video bitrate 9000 kb/s is above Twitch's 6000 kb/s"
    with pytest.raises(UserInputError, match="no destination named 'nope'"):
        resolve_for_broadcast(_broadcast_args(db_path, "--destination", "nope"), SETTINGS, keystore)


def test_single_use_key_is_spent_after_going_live(db, db_path, keystore):
    create_show(db, "friday", "Friday")
    add_destination(db, keystore, "tiktok", "tiktok", url="rtmp://push.tiktokcdn.com/stage/stream-1?sign=x", show="friday")
    vertical = EncoderSettings(width=720, height=1280, fps=30, video_bitrate_kbps=3000, audio_bitrate_kbps=128)
    args = _broadcast_args(db_path, "--destination", "tiktok", "--show", "friday")
    [resolved] = resolve_for_broadcast(args, vertical, keystore)
    assert resolved.publish_url == "rtmp://push.tiktokcdn.com/stage/stream-1?sign=x"
    after_live(keystore, resolved)
    assert resolve(db, keystore, "tiktok", show="friday").key_state is KeyState.USED
    with pytest.raises(UserInputError, match="destination tiktok refused by preflight: this TikTok key was already used"):
        resolve_for_broadcast(args, vertical, keystore)
    set_key(db, keystore, "tiktok", "stream-2?sign=y", show="friday")
    assert resolve_for_broadcast(args, vertical, keystore)[0].key_state is KeyState.SET


def test_after_live_leaves_reusable_keys_alone(db, keystore):
    add_destination(db, keystore, "yt", "youtube", key=YT_KEY)
    after_live(keystore, resolve(db, keystore, "yt"))
    assert resolve(db, keystore, "yt").key_state is KeyState.SET
