"""Bounded HTTP GETs for catalog and image imports.

A store URL is input from the user, so every fetch is limited: connect/read
timeouts plus an overall deadline (a server trickling one byte a second defeats
a read timeout), a byte limit enforced while streaming (a huge body is cut off,
not read), a redirect limit, and a content-type check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests
import urllib3.exceptions

from studio import __version__
from studio.errors import UserInputError

USER_AGENT = f"LiveShoppingStudio/{__version__}"
CHUNK_BYTES = 64 * 1024


class FetchError(UserInputError):
    """A URL that could not be fetched; the message names the URL and why."""


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 10.0
    total_timeout_s: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 3


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    body: bytes


def fetch(url: str, limits: FetchLimits, accept: tuple[str, ...] = ()) -> Fetched:
    """GET `url`; `accept` lists allowed content types ("image/" matches any image)."""
    session = requests.Session()
    session.max_redirects = limits.max_redirects
    headers = {"User-Agent": USER_AGENT}
    if accept:
        headers["Accept"] = ", ".join(kind + "*" if kind.endswith("/") else kind for kind in accept)
    try:
        with session.get(url, stream=True, timeout=limits.timeout_s, headers=headers) as response:
            _check_status(url, response)
            content_type = _checked_content_type(url, response, accept)
            body = _read_bounded(url, response, limits)
            return Fetched(response.url, content_type, body)
    except requests.Timeout:
        raise FetchError(f"{url}: the server did not answer within {limits.timeout_s:g} s") from None
    except requests.TooManyRedirects:
        raise FetchError(f"{url}: more than {limits.max_redirects} redirects") from None
    except urllib3.exceptions.ReadTimeoutError:
        raise FetchError(f"{url}: the server stopped sending for {limits.timeout_s:g} s") from None
    except requests.ConnectionError as error:
        if isinstance(error.args[0] if error.args else None, urllib3.exceptions.ReadTimeoutError):
            raise FetchError(f"{url}: the server did not answer within {limits.timeout_s:g} s") from None
        raise FetchError(f"{url}: cannot connect ({_root_cause(error)})") from None
    except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
        raise FetchError(f"{url}: request failed ({_root_cause(error)})") from None
    finally:
        session.close()


def _check_status(url: str, response: requests.Response) -> None:
    if response.status_code >= 400:
        hint = ""
        if response.status_code in (401, 403):
            hint = " (is the store password-protected?)"
        elif response.status_code == 404:
            hint = " (is this a Shopify store address?)"
        elif response.status_code == 429:
            hint = " (the store is rate-limiting requests; try again in a minute)"
        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip() + hint)


def _checked_content_type(url: str, response: requests.Response, accept: tuple[str, ...]) -> str:
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if not accept:
        return content_type
    for allowed in accept:
        if content_type == allowed or (allowed.endswith("/") and content_type.startswith(allowed)):
            return content_type
    wanted = " or ".join(accept)
    raise FetchError(f"{url}: expected {wanted} but the server sent {content_type or 'no content type'}")


def _read_bounded(url: str, response: requests.Response, limits: FetchLimits) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: {_mb(int(declared))} is over the {_mb(limits.max_bytes)} limit; not downloaded")
    deadline = time.monotonic() + limits.total_timeout_s
    chunks: list[bytes] = []
    received = 0
    while True:
        # read1 returns whatever one socket read brings, so a trickling server is
        # caught by the deadline instead of blocking until a full chunk arrives.
        chunk = response.raw.read1(CHUNK_BYTES, decode_content=True)
        if not chunk:
            break
        received += len(chunk)
        if received > limits.max_bytes:
            raise FetchError(f"{url}: the response is over the {_mb(limits.max_bytes)} limit; stopped reading")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: the download took longer than {limits.total_timeout_s:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _root_cause(error: BaseException) -> str:
    while error.__context__ is not None and not str(error):
        error = error.__context__
    text = str(error)
    return text if len(text) < 200 else text[:197] + "..."
