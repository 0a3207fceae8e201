"""What the polling connectors share: a requests session, timeouts, the platforms' error bodies, times."""

from __future__ import annotations

import datetime as dt

import requests

from studio.gateway.comments.connectors.runner import ConnectorError

CONNECT_TIMEOUT_S, READ_TIMEOUT_S = 5.0, 15.0   # a slow answer past these is a failed poll, retried


def session(user_agent: str = "live-shopping-studio") -> requests.Session:
    http = requests.Session()
    http.headers["User-Agent"] = user_agent
    return http


def get_json(http: requests.Session, url: str, params: dict | None = None, headers: dict | None = None):
    """(status, decoded body or None). Network failures become ConnectorError naming the host, not the URL
    (a URL may carry a key)."""
    try:
        response = http.get(url, params=params, headers=headers, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
    except requests.Timeout:
        raise ConnectorError(f"no answer from {_host(url)} within {READ_TIMEOUT_S:g} s") from None
    except requests.RequestException as error:
        raise ConnectorError(f"cannot reach {_host(url)} ({type(error).__name__})") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body


def _host(url: str) -> str:
    return requests.utils.urlparse(url).netloc or "the API"


def unix_time(text: object) -> float | None:
    """An RFC 3339 / ISO 8601 time ("2026-12-07T06:31:21Z", "+0000" offsets too) as Unix seconds."""
    if not isinstance(text, str) or not text:
        return None
    text = text.strip()
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():   # Graph API: +0000
        text = text[:-2] + ":" + text[-2:]
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.timestamp()
