"""The ffconcat script that hands a network input's URL to its ffmpeg off the command line, and ffmpeg's
errors as the studio shows them (the URL, its password and key masked). No ffmpeg is started."""

from __future__ import annotations

import pytest

from studio.core.inputs.ingest import IngestFeed
from studio.errors import UserInputError


def feed(url: str, listen: bool = False) -> IngestFeed:
    return IngestFeed("guest", url, url, listen, 64, 36)


def test_the_script_carries_the_url_quoted_and_its_options():
    assert feed("rtmp://0.0.0.0:1936/live/k3y", listen=True).concat_script() == \
        b"ffconcat version 1.0\nfile 'rtmp://0.0.0.0:1936/live/k3y'\noption listen 1\n"
    assert feed("rtsp://cam:it's@10.0.0.9/s").concat_script() == \
        b"ffconcat version 1.0\nfile 'rtsp://cam:it'\\''s@10.0.0.9/s'\noption rtsp_transport tcp\n"
    with pytest.raises(UserInputError, match="control character"):
        feed("rtmp://h/live/k\nfile '/etc/passwd'").concat_script()     # no second entry smuggled in


def test_ffmpegs_errors_name_the_stream_masked():
    rtsp = feed("rtsp://producer:pa55word@10.0.0.9:554/stream")
    assert rtsp._scrub("[error] /dev/fd/3: Connection refused") == "rtsp://****@10.0.0.9:554/****: Connection refused"
    assert "pa55word" not in rtsp._scrub("[error] auth pa55word refused")
    srt = feed("srt://0.0.0.0:9000?mode=listener&passphrase=longsecret99")
    assert "longsecret99" not in srt._scrub("[error] srt://0.0.0.0:9000?mode=listener&passphrase=longsecret99: bad")
    assert srt._scrub("[warning] passphrase longsecret99 refused in mode=listener") == \
        "passphrase **** refused in mode=listener"


def test_an_input_given_with_its_key_on_the_command_line_is_warned_about(capsys):
    from studio.cli import build_parser
    from studio.commands.broadcast import _sources_plan

    args = build_parser().parse_args(["broadcast", "--input", "host=test", "--input",
                                      "guest=rtmp://0.0.0.0:1936/live/k3y-9f2c?listen=1"])
    assert [name for name, _ in _sources_plan(args).inputs] == ["host", "guest"]
    warning = capsys.readouterr().err
    assert "--input guest: its URL's stream key or password is on this command line" in warning
    assert "k3y-9f2c" not in warning and "host" not in warning
