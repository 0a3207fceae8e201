"""Network input specs: a phone, a guest's OBS or a hardware encoder, over RTMP (listen or pull), RTSP or SRT.

`rtmp://HOST:PORT/APP/NAME?listen=1` is FFmpeg's own spelling for listen mode: the studio is the
server and the phone app pushes to that URL; without `listen=1` (and for `rtsp://`) the studio
pulls from a server. `srt://HOST:PORT?mode=listener` (or `mode=caller`) where the system's ffmpeg
carries SRT. The stream itself is received by a child ffmpeg (studio/core/inputs/ingest.py), never
in the engine process.

SRT is not in PyAV's wheels (their FFmpeg is built without libsrt); Debian's and Ubuntu's ffmpeg
packages, Homebrew's and the static builds from johnvansickle.com and BtbN carry it
(`ffmpeg -protocols | grep srt`). See docs/sources.md.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from studio.core.inputs.ingest import ffmpeg_has_protocol
from studio.core.secrets import redact_url
from studio.errors import UserInputError

SCHEMES = ("rtmp", "rtmps", "rtsp")


def is_network_spec(spec: str) -> bool:
    return urlsplit(spec).scheme.lower() in (*SCHEMES, "srt")


def carries_secret(spec: str) -> bool:
    """A network URL with a key, a password or a secret query (what `redact_url` masks): kept off argv and the DB."""
    return is_network_spec(spec) and redact_url(spec) != spec


def parse_network_spec(spec: str) -> tuple[str, bool]:
    """(the URL FFmpeg opens, listen mode) for a network spec; a UserInputError names what is wrong."""
    parts = urlsplit(spec)
    scheme = parts.scheme.lower()
    shown = redact_url(spec)        # errors are shown and logged: the key or password masked
    if scheme == "srt":
        if not ffmpeg_has_protocol("srt"):
            raise UserInputError(f"input {shown}: this machine's ffmpeg has no SRT (built without libsrt); push RTMP "
                                 "instead, or see docs/sources.md for the builds that carry SRT")
        return spec, "mode=listener" in parts.query
    if scheme not in SCHEMES or not parts.hostname:
        raise UserInputError(f"input {shown}: expected rtmp://HOST:PORT/APP/NAME?listen=1, rtmp://... or rtsp://...")
    query = parse_qsl(parts.query, keep_blank_values=True)
    listen = any(key == "listen" and value in ("1", "") for key, value in query)
    if listen and scheme != "rtmp":
        raise UserInputError(f"input {shown}: only rtmp:// listens (a phone or OBS pushes to it)")
    if listen and parts.port is None:
        raise UserInputError(f"input {shown}: give the port to listen on, e.g. rtmp://0.0.0.0:1936/live/guest?listen=1")
    rest = urlencode([(key, value) for key, value in query if key != "listen"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment)), listen
