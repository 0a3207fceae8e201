"""The one stream-URL parser: every pasted shape split into server and key; masking agrees (issue 14.3)."""

from __future__ import annotations

import pytest

from studio.core.output.destination import destination_spec, refuse_duplicates
from studio.core.output.packets import StreamLayout
from studio.core.output.stream_url import parse_stream_url, redact_url
from studio.errors import UserInputError

KEY = "live_7f3a9c1e5b2d4f60"

SHAPES = [
    # pasted, server stored, URL published
    (f"rtmp://host/live/{KEY}", "rtmp://host/live", f"rtmp://host/live/{KEY}"),
    (f"rtmp://host/live/{KEY}/", "rtmp://host/live", f"rtmp://host/live/{KEY}"),
    (f"rtmp://host/live?key={KEY}", "rtmp://host/live", f"rtmp://host/live/{KEY}"),
    (f"rtmp://host/live/?streamKey={KEY}", "rtmp://host/live", f"rtmp://host/live/{KEY}"),
    # region=eu is declared public by no preset: it is kept with the key, out of the stored server URL
    (f"rtmp://host/live?stream_key={KEY}&region=eu", "rtmp://host/live", f"rtmp://host/live/{KEY}?region=eu"),
    (f"RTMP://host/live/{KEY}", "rtmp://host/live", f"rtmp://host/live/{KEY}"),
    (f"RtMpS://host:443/live/{KEY}", "rtmps://host:443/live", f"rtmps://host:443/live/{KEY}"),
    (f"  rtmps://host/live/{KEY}\n", "rtmps://host/live", f"rtmps://host/live/{KEY}"),
    (f"rtmp://[::1]:1935/live/{KEY}", "rtmp://[::1]:1935/live", f"rtmp://[::1]:1935/live/{KEY}"),
    (f"rtmp://[2001:db8::7]/live?key={KEY}", "rtmp://[2001:db8::7]/live", f"rtmp://[2001:db8::7]/live/{KEY}"),
    (f"rtmps://live-api-s.facebook.com:443/rtmp/{KEY}?s_bl=1&s_sw=0", "rtmps://live-api-s.facebook.com:443/rtmp",
     f"rtmps://live-api-s.facebook.com:443/rtmp/{KEY}?s_bl=1&s_sw=0"),
    (f"rtmp://user:pa55word@host/live/{KEY}", "rtmp://user:pa55word@host/live", f"rtmp://user:pa55word@host/live/{KEY}"),
]


@pytest.mark.parametrize("pasted, server, published", SHAPES)
def test_every_shape_is_split_into_server_and_key(pasted, server, published):
    parsed = parse_stream_url(pasted)
    assert parsed.key.partition("?")[0] == KEY
    assert parsed.server == server and KEY not in parsed.server
    assert parsed.publish_url == published


@pytest.mark.parametrize("pasted", [shape[0] for shape in SHAPES])
def test_masking_uses_the_same_parser_and_never_shows_the_key(pasted):
    for shown in (redact_url(pasted), parse_stream_url(pasted).masked, destination_spec(pasted, LAYOUT).label,
                  repr(destination_spec(pasted, LAYOUT))):
        assert KEY not in shown and "pa55word" not in shown
        assert "****" in shown


LAYOUT = StreamLayout(width=640, height=360, fps=30, audio_sample_rate=48000, audio_channels=2, audio_bitrate_bps=128000)


def test_capital_scheme_is_normalised_for_the_output_worker():
    assert destination_spec(f"RTMP://127.0.0.1/live/{KEY}", LAYOUT).url == f"rtmp://127.0.0.1/live/{KEY}"


@pytest.mark.parametrize("pasted, reason", [
    (f"rtmp://[::1/live/{KEY}", "malformed IPv6 address"),
    (f"rtmp://[fe80::zz]:1935/live/{KEY}", "malformed IPv6 address"),
    (f"rtmp://host:99999/live/{KEY}", "the port is not a number between 1 and 65535"),
    (f"rtmp://host:port/live/{KEY}", "the port is not a number between 1 and 65535"),
    (f"http://host/live/{KEY}", "unsupported scheme 'http'"),
    (f"rtmp:///live/{KEY}", "no host name"),
    ("rtmp://host", "no application path"),
    (f"rtmp://host/live/{KEY}?key={KEY}", "more than one stream key"),
])
def test_malformed_urls_are_one_clear_line_without_the_key(pasted, reason):
    with pytest.raises(UserInputError) as caught:
        parse_stream_url(pasted)
    assert reason in str(caught.value) and KEY not in str(caught.value)
    assert KEY not in redact_url(pasted)


def test_the_same_server_and_key_given_twice_is_refused():
    with pytest.raises(UserInputError, match="given twice"):
        refuse_duplicates([("a", f"rtmp://Host/live/{KEY}"), ("b", f"RTMP://host:1935/live?key={KEY}")])
    refuse_duplicates([("a", f"rtmp://host/live/{KEY}"), ("b", "rtmp://host/live/other-key")])


def test_a_password_in_a_stored_url_is_refused_not_stored(db, db_path, keystore):
    from studio.core.show.destinations import add_destination

    with pytest.raises(UserInputError) as caught:
        add_destination(db, keystore, "shop", "custom", url=f"rtmp://user:pa55word@host/live/{KEY}")
    assert "pa55word" not in str(caught.value) and KEY not in str(caught.value)
    assert "stored in plain text" in str(caught.value)
    db.close()
    assert all(b"pa55word" not in path.read_bytes() for path in db_path.parent.glob("studio.db*"))


QUERY_SECRETS = [
    # pasted, server stored, the secret, URL published, masked
    (f"rtmp://host/live?token={KEY}", "rtmp://host/live", f"?token={KEY}", f"rtmp://host/live?token={KEY}",
     "rtmp://host/live?token=****"),
    (f"rtmp://host/live/?token={KEY}&sig=abc", "rtmp://host/live/", f"?token={KEY}&sig=abc",
     f"rtmp://host/live/?token={KEY}&sig=abc", "rtmp://host/live/?token=****&sig=****"),
    (f"rtmp://host/live?key=shop&auth={KEY}", "rtmp://host/live", f"shop?auth={KEY}",
     f"rtmp://host/live/shop?auth={KEY}", "rtmp://host/live/****"),
    (f"rtmps://b.rtmps.youtube.com/live2?backup=1&token={KEY}", "rtmps://b.rtmps.youtube.com/live2?backup=1",
     f"?token={KEY}", f"rtmps://b.rtmps.youtube.com/live2?token={KEY}&backup=1",
     "rtmps://b.rtmps.youtube.com/live2?token=****&backup=1"),   # backup: declared public by youtube-backup
]


@pytest.mark.parametrize("pasted, server, secret, published, masked", QUERY_SECRETS)
def test_any_query_value_not_declared_public_is_part_of_the_secret(pasted, server, secret, published, masked):
    parsed = parse_stream_url(pasted)
    assert (parsed.server, parsed.key, parsed.publish_url, parsed.masked) == (server, secret, published, masked)
    assert KEY not in redact_url(pasted) and KEY not in destination_spec(pasted, LAYOUT).label
    assert destination_spec(pasted, LAYOUT).url == published   # the worker publishes the whole URL


def test_a_stored_server_url_keeps_its_query_when_the_key_is_put_back():
    from studio.core.show.destinations import publish_url

    assert publish_url("rtmps://b.rtmps.youtube.com:443/live2?backup=1", KEY) == \
        f"rtmps://b.rtmps.youtube.com:443/live2/{KEY}?backup=1"
    assert publish_url("rtmp://host/live", f"?token={KEY}") == f"rtmp://host/live?token={KEY}"
    assert publish_url("rtmp://host/live", f"shop?token={KEY}") == f"rtmp://host/live/shop?token={KEY}"
