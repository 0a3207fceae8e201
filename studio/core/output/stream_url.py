"""Stream ingest URLs, parsed in one place: server and key apart, whatever shape was pasted.

People paste ingest URLs in many shapes: the key as the last path segment
(`rtmp://host/app/KEY`), with a trailing slash after it (`.../KEY/`), in the
query (`.../app?key=KEY`, `?streamKey=`, `?stream_key=`), RTMPS or RTMP, the
scheme in capitals, an IPv6 host (`rtmp://[::1]:1935/live/KEY`). Every one is
split here into the server (scheme, host, port, application: safe to store and
show) and the key (a secret: it goes to the key store, and is masked wherever
it would be shown). Storing, masking and publishing all use this one parser, so
a shape it understands is handled the same everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit

from studio.core.output.platforms import PUBLIC_QUERY_NAMES
from studio.errors import UserInputError

SCHEMES = ("rtmp", "rtmps")
DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}
# Query parameters that carry the stream key itself (compared case-insensitively): moved into the path.
KEY_PARAMETERS = ("key", "streamkey", "stream_key", "stream", "streamname", "stream_name")
# Every other query value is a secret too (?token=, ?auth=, ?sig=...) unless the preset declares its name
# public (Platform.public_query). A URL already stripped of its secrets (what the database stores) is
# parsed with EVERY_NAME_PUBLIC.
EVERY_NAME_PUBLIC = frozenset({"*"})
VISIBLE_KEY_CHARS = 4
# Shorter keys are masked whole: four characters of a short key give too much away.
MIN_KEY_LENGTH_TO_HINT = 12


def mask_key(key: str) -> str:
    """`live_1234abcd` -> `****abcd`: enough to tell keys apart, not to use one."""
    if len(key) < MIN_KEY_LENGTH_TO_HINT:
        return "****"
    return "****" + key[-VISIBLE_KEY_CHARS:]


@dataclass(frozen=True)
class StreamUrl:
    scheme: str                # lower case: rtmp or rtmps
    host: str                  # as typed (placeholders stay visible); an IPv6 address without brackets
    port: int | None           # None: the scheme's default
    app_path: str              # "/live2", "/rtmp/" (the spelling pasted), never the key
    server_query: str = ""     # query parameters declared public (YouTube's backup=1)
    key: str | None = None     # the secret: a path key that may carry its own query (Facebook's ?s_bl=1...),
                               # or only a query (`?token=...`) when the URL has no key in its path
    userinfo: str | None = None

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        user = f"{self.userinfo}@" if self.userinfo else ""
        return f"{user}{host}{port}"

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.scheme]

    @property
    def server(self) -> str:
        """The URL without the key: what the database stores and people may see."""
        query = f"?{self.server_query}" if self.server_query else ""
        return f"{self.scheme}://{self.netloc}{self.app_path}{query}"

    def with_key(self, key: str | None) -> StreamUrl:
        return StreamUrl(self.scheme, self.host, self.port, self.app_path, self.server_query, key, self.userinfo)

    @property
    def publish_url(self) -> str:
        """Server and key joined the way RTMP servers read them: `scheme://host/app/KEY?secret&public`."""
        if not self.key:
            return self.server
        key, _, key_query = self.key.partition("?")
        query = "&".join(part for part in (key_query, self.server_query) if part)
        path = f"{self.app_path.rstrip('/')}/{key}" if key else self.app_path   # a query-only secret: no path key
        return f"{self.scheme}://{self.netloc}{path}" + (f"?{query}" if query else "")

    @property
    def masked(self) -> str:
        """For people and logs: the server with `****abcd` where the key (and any password) is, and
        `name=****` for each secret query value of a URL whose secret is only in its query."""
        netloc = self.netloc if not self.userinfo else "****@" + self.netloc.split("@", 1)[1]
        query = f"?{self.server_query}" if self.server_query else ""
        base = f"{self.scheme}://{netloc}{self.app_path}{query}"
        if not self.key:
            return base
        if self.key.startswith("?"):
            masked_query = "&".join(part for part in (mask_secret(self.key)[1:], self.server_query) if part)
            return f"{self.scheme}://{netloc}{self.app_path}?{masked_query}"
        key = mask_key(self.key.partition("?")[0])  # a key's own query is part of the secret
        return f"{self.scheme}://{netloc}{self.app_path.rstrip('/')}/{key}{query}"


def mask_secret(key: str) -> str:
    """A stored secret as people may see it: `****abcd` for a path key (its own query hidden with it),
    `?token=****&sig=****` for secret query values alone."""
    if key.startswith("?"):
        names = [part.partition("=")[0] for part in key[1:].split("&") if part]
        return "?" + "&".join(f"{name}=****" for name in names)
    return mask_key(key.partition("?")[0])


def join_key(key: str, url_key: str | None) -> str | None:
    """A stream key given on its own beside a URL whose secret is only query values (`?token=...`):
    one secret, `KEY?token=...`. None when both carry a key (given twice)."""
    if url_key is None:
        return key
    if url_key.startswith("?") and "?" not in key:
        return key.strip() + url_key
    return None


def parse_stream_url(text: str, app_path_segments: int = 1, what: str = "destination",
                     public_query: Collection[str] = PUBLIC_QUERY_NAMES) -> StreamUrl:
    """Split an ingest URL into server and key, or raise one line naming what is wrong (never the key).

    `app_path_segments`: how many path segments are the application (LinkedIn has
    two); further segments are the key. `public_query`: the query names that are not
    secret (lower case; the preset's `public_query`, or EVERY_NAME_PUBLIC for a stored
    server URL); any other query value is part of the secret.
    """
    text = text.strip()
    try:
        parts = urlsplit(text)
        hostname, port = parts.hostname, parts.port
    except ValueError as error:
        if "IPv6" in str(error) or "IPv4" in str(error) or "[" in text or "]" in text:
            reason = "malformed IPv6 address (write it in brackets: rtmp://[2001:db8::1]:1935/live)"
        else:
            reason = "the port is not a number between 1 and 65535"
        raise UserInputError(f"{what} {_rough_mask(text)}: {reason}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UserInputError(f"{what} {_rough_mask(text)}: unsupported scheme {parts.scheme or '(none)'!r}; "
                             "use rtmp:// or rtmps://")
    if not hostname:
        raise UserInputError(f"{what} {_rough_mask(text)}: no host name")
    segments = [segment for segment in parts.path.split("/") if segment]
    every_public = "*" in public_query
    key_params, public_params, secret_params = [], [], []   # raw `name=value` parts, spelling kept
    for part in (part for part in parts.query.split("&") if part):
        name = unquote_plus(part.partition("=")[0]).lower()
        if name in KEY_PARAMETERS and not every_public:
            key_params.append(unquote_plus(part.partition("=")[2]))
        elif every_public or name in public_query:
            public_params.append(part)
        else:
            secret_params.append(part)
    key: str | None = None
    app = segments
    if len(segments) > app_path_segments:
        app, key = segments[:app_path_segments], "/".join(segments[app_path_segments:])
    if key_params:
        if key is not None or len(key_params) > 1:
            raise UserInputError(f"{what} {_rough_mask(text)}: the URL holds more than one stream key; give it once")
        key = key_params[0] or None
        server_query = "&".join(public_params)
    elif key is not None and parts.query:
        key, server_query = f"{key}?{parts.query}", ""  # a query after the key is part of it (Facebook, TikTok)
        secret_params = []
    else:
        server_query = "&".join(public_params)
    if secret_params:   # ?token=... and every other undeclared query value: part of the secret
        key = f"{key or ''}?{'&'.join(secret_params)}"
    if not app:
        raise UserInputError(f"{what} {_rough_mask(text)}: no application path (expected e.g. rtmp://host/live)")
    trailing = "/" if parts.path.endswith("/") and (key is None or key.startswith("?")) else ""
    userinfo = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else None
    return StreamUrl(scheme, _host_as_typed(parts.netloc), port, "/" + "/".join(app) + trailing, server_query, key, userinfo)


def _host_as_typed(netloc: str) -> str:
    host_port = netloc.rsplit("@", 1)[-1]
    if host_port.startswith("["):
        return host_port[1:host_port.index("]")]
    return host_port.rsplit(":", 1)[0]


def redact_url(url: str) -> str:
    """The URL as people may see it: stream key, password and query masked.

    Not a stream URL (a file path): unchanged. A URL too broken to parse keeps
    only its scheme and host.
    """
    parts_scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if parts_scheme not in SCHEMES:
        if parts_scheme in ("", "file"):
            return url
        return _rough_mask(url)
    try:
        return parse_stream_url(url).masked
    except UserInputError:
        return _rough_mask(url)

def _rough_mask(text: str) -> str:
    """Scheme and host of something that did not parse; everything after them could be a key."""
    if "://" not in text:
        return "****" if text else "(empty)"
    scheme, rest = text.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0]
    if "@" in host:
        host = "****@" + host.rsplit("@", 1)[1]
    tail = "/****" if rest[len(host):].strip("/") else ""
    return f"{scheme}://{host}{tail}"
