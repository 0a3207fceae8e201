"""RTMP/RTMPS destinations: checking a URL and describing it to an output worker."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from studio.core.output.packets import StreamLayout
from studio.core.output.sink_worker import SinkSpec
from studio.core.secrets import redact_url
from studio.errors import UserInputError, error_reason

DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}
REACHABILITY_TIMEOUT_S = 3.0


def parse_destination_url(url: str) -> tuple[str, int]:
    """The (host, port) of an ingest URL; raises with a specific reason when it is malformed."""
    shown = redact_url(url)
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise UserInputError(f"destination {shown}: unsupported scheme {parts.scheme or '(none)'!r}; use rtmp:// or rtmps://")
    if not parts.hostname:
        raise UserInputError(f"destination {shown}: no host name")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise UserInputError(f"destination {shown}: the port is not a number between 1 and 65535") from None
    if not [segment for segment in parts.path.split("/") if segment]:
        raise UserInputError(f"destination {shown}: no application path (expected e.g. rtmp://host/live/KEY)")
    return parts.hostname, port


def check_reachable(url: str, timeout_s: float = REACHABILITY_TIMEOUT_S, label: str | None = None) -> None:
    """Open and close a TCP connection to the ingest server, or raise naming why not."""
    host, port = parse_destination_url(url)
    shown = label or redact_url(url)
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except socket.gaierror:
        raise UserInputError(f"destination {shown}: unknown host {host!r}") from None
    except TimeoutError:
        raise UserInputError(f"destination {shown}: no answer from {host}:{port} within {timeout_s:.0f} s") from None
    except OSError as error:
        raise UserInputError(f"destination {shown}: cannot connect to {host}:{port} ({error_reason(error)})") from None


def destination_spec(url: str, layout: StreamLayout, ca_file: str | None = None, label: str | None = None) -> SinkSpec:
    host, port = parse_destination_url(url)
    return SinkSpec(url=url, label=label or redact_url(url), container_format="flv", layout=layout,
                    ca_file=ca_file, network_peer=(host, port))
