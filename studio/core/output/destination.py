"""RTMP/RTMPS destinations: checking a URL and describing it to an output worker."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from studio.core.output.packets import StreamLayout
from studio.core.output.sink_worker import SinkSpec
from studio.core.output.stream_url import DEFAULT_PORTS, parse_stream_url, redact_url
from studio.errors import UserInputError, error_reason

__all__ = ["DEFAULT_PORTS", "check_reachable", "destination_spec", "parse_destination_url", "refuse_duplicates"]
REACHABILITY_TIMEOUT_S = 3.0


def parse_destination_url(url: str) -> tuple[str, int]:
    """The (host, port) of an ingest URL; raises with a specific reason when it is malformed."""
    parsed = parse_stream_url(url)
    return parsed.host, parsed.effective_port


def refuse_duplicates(urls: Iterable[tuple[str, str]]) -> None:
    """`(label, publish URL)` pairs: two that publish to the same server and key are one mistake
    (the second would knock the first off the server), reported before anything starts."""
    seen: dict[tuple, str] = {}
    for label, url in urls:
        parsed = parse_stream_url(url)
        identity = (parsed.scheme, parsed.host.lower(), parsed.effective_port, parsed.app_path.rstrip("/"), parsed.key,
                    parsed.server_query)
        if identity in seen:
            raise UserInputError(f"destination {label} is given twice (also as {seen[identity]}); "
                                 "each server and key can take one stream: remove one of them")
        seen[identity] = label


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
    parsed = parse_stream_url(url)  # normalised: RTMP:// works as rtmp://, a key in the query moves to the path
    return SinkSpec(url=parsed.publish_url, label=label or parsed.masked, container_format="flv", layout=layout,
                    ca_file=ca_file, network_peer=(parsed.host, parsed.effective_port))
