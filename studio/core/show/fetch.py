"""Bounded HTTP GETs for catalog and image imports.

A store URL is input from the user, so every fetch is limited: one deadline for
the whole request (connect, headers and body: a server trickling one byte a
second defeats any per-read timeout), a per-read timeout, a byte limit enforced
while streaming (a huge body is cut off, not read), a redirect limit, a
content-type check, and the address rule in `addresses.py` on every hop.

Built on http.client so the deadline reaches every socket read, header reads
included; a higher-level client only bounds each read.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from studio import __version__
from studio.core.show.addresses import non_public_reason, refusal
from studio.core.show.deadline_socket import Deadline, DeadlineExceeded, DeadlineSocketFile
from studio.errors import UserInputError

__all__ = ["FetchError", "FetchLimits", "Fetched", "check_url", "fetch", "non_public_reason"]

USER_AGENT = f"LiveShoppingStudio/{__version__}"
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class FetchError(UserInputError):
    """A URL that could not be fetched; the message names the URL and why."""


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 10.0  # connect, and each read
    total_timeout_s: float = 60.0  # the whole request, redirects included
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 3


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    body: bytes


def fetch(url: str, limits: FetchLimits, accept: tuple[str, ...] = (), *, trusted_netloc: str | None = None) -> Fetched:
    """GET `url`; `accept` lists allowed content types ("image/" matches any image).

    `trusted_netloc` is the host:port the producer named (default: `url`'s own); only
    there may a hop reach a private, loopback or link-local address.
    """
    deadline = Deadline(limits.total_timeout_s)
    current = url
    answered = False
    try:
        trusted = trusted_netloc if trusted_netloc is not None else urlsplit(url).netloc
        for _ in range(limits.max_redirects + 1):
            connection, response = _request(current, limits, accept, deadline, trusted)
            answered = True
            try:
                if response.status in REDIRECT_STATUSES and response.getheader("Location"):
                    current = urljoin(current, response.getheader("Location"))
                    continue
                _check_status(url, response)
                content_type = _checked_content_type(url, response, accept)
                return Fetched(current, content_type, _read_bounded(url, response, limits))
            finally:
                connection.close()
        raise FetchError(f"{url}: more than {limits.max_redirects} redirects")
    except DeadlineExceeded:
        raise FetchError(f"{url}: the request took longer than {limits.total_timeout_s:g} s") from None
    except TimeoutError:
        if answered:
            raise FetchError(f"{url}: the server stopped sending for {limits.timeout_s:g} s") from None
        raise FetchError(f"{url}: the server did not answer within {limits.timeout_s:g} s") from None
    except ssl.SSLError as error:
        raise FetchError(f"{url}: the secure connection failed ({error.reason or error})") from None
    except socket.gaierror as error:
        raise FetchError(f"{url}: cannot connect (host not found: {error.strerror})") from None
    except OSError as error:
        raise FetchError(f"{url}: cannot connect ({error.strerror or type(error).__name__})") from None
    except http.client.HTTPException as error:
        raise FetchError(f"{url}: not a valid HTTP answer ({type(error).__name__})") from None
    except (ValueError, UnicodeError) as error:
        raise FetchError(f"{url}: not a valid URL ({error})") from None


def check_url(url: str) -> None:
    """Refuse, naming the URL, what cannot be fetched: a bad IPv6 literal, a port out of
    range, spaces, no host, a scheme other than http(s)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError when out of range)
    except ValueError as error:
        raise FetchError(f"{url}: not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the address")
    if any(char.isspace() for char in url):
        raise FetchError(f"{url}: not a valid URL (it contains a space)")


def _request(url: str, limits: FetchLimits, accept: tuple[str, ...], deadline: Deadline, trusted: str):
    check_url(url)
    parts = urlsplit(url)
    timeout_s = deadline.clamp(limits.timeout_s)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout_s, context=_tls())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    try:
        connection.connect()
        why = refusal(parts.netloc, connection.sock.getpeername()[0], trusted)
        if why:
            raise FetchError(f"{url}: {why}")
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~") + (f"?{parts.query}" if parts.query else "")
        connection.putrequest("GET", path)
        connection.putheader("User-Agent", USER_AGENT)
        if accept:
            connection.putheader("Accept", ", ".join(kind + "*" if kind.endswith("/") else kind for kind in accept))
        connection.endheaders()
        reader = DeadlineSocketFile(connection.sock, deadline, limits.timeout_s)
        response = http.client.HTTPResponse(reader, method="GET")  # type: ignore[arg-type]
        response.begin()
        return connection, response
    except BaseException:
        connection.close()
        raise


def _tls() -> ssl.SSLContext:
    try:
        import certifi  # comes with requests; the same CA bundle on every platform

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()


def _check_status(url: str, response: http.client.HTTPResponse) -> None:
    if response.status >= 400:
        hint = ""
        if response.status in (401, 403):
            hint = " (is the store password-protected?)"
        elif response.status == 404:
            hint = " (is this a Shopify store address?)"
        elif response.status == 429:
            hint = " (the store is rate-limiting requests; try again in a minute)"
        raise FetchError(f"{url}: HTTP {response.status} {response.reason or ''}".rstrip() + hint)
    if response.status in REDIRECT_STATUSES:
        raise FetchError(f"{url}: HTTP {response.status} redirect without a Location")


def _checked_content_type(url: str, response: http.client.HTTPResponse, accept: tuple[str, ...]) -> str:
    content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if not accept:
        return content_type
    for allowed in accept:
        if content_type == allowed or (allowed.endswith("/") and content_type.startswith(allowed)):
            return content_type
    wanted = " or ".join(accept)
    raise FetchError(f"{url}: expected {wanted} but the server sent {content_type or 'no content type'}")


def _read_bounded(url: str, response: http.client.HTTPResponse, limits: FetchLimits) -> bytes:
    declared = response.getheader("Content-Length") or ""
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: {_mb(int(declared))} is over the {_mb(limits.max_bytes)} limit; not downloaded")
    chunks: list[bytes] = []
    received = 0
    while chunk := response.read1(CHUNK_BYTES):
        received += len(chunk)
        if received > limits.max_bytes:
            raise FetchError(f"{url}: the response is over the {_mb(limits.max_bytes)} limit; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
