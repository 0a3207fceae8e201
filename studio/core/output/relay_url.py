"""Where the studio publishes when a relay fans its one stream out (docs/destinations.md, "Relay").

One declaration of the relay's names, shared by `studio relay config` (which writes the relay) and
the studio (which publishes to it and reads its statistics): the publish application and stream,
one application per destination (`to-NAME`), the statistics page and the publish check. The secret
that protects the publish point travels only inside `RelayUrl.secret` (kept out of every repr); the
relay's own nginx checks it (`on_publish`) and guards its statistics page with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

from studio.errors import UserInputError

PUBLISH_APP = "studio"
PUBLISH_STREAM = "program"
DEFAULT_RTMP_PORT = 1935
DEFAULT_STAT_PORT = 8080
STAT_PATH = "/stat"
PUBLISH_CHECK_PATH = "/publish-check"
SECRET_PARAMETER = "secret"
# The key store entry of the relay's publish secret (a name no destination can take: they start with a letter or digit).
SECRET_ACCOUNT = "(relay)"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def relay_app(destination_name: str) -> str:
    """The relay's application that pushes to one destination: its statistics name it."""
    return f"to-{destination_name}"


@dataclass(frozen=True)
class RelayUrl:
    host: str
    port: int = DEFAULT_RTMP_PORT
    stat_port: int = DEFAULT_STAT_PORT
    secret: str | None = field(default=None, repr=False)

    @property
    def _netloc(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def text(self) -> str:
        """The URL without its secret: what the settings keep and `--relay` takes."""
        return f"rtmp://{self._netloc}:{self.port}/{PUBLISH_APP}/{PUBLISH_STREAM}?stat_port={self.stat_port}"

    @property
    def masked(self) -> str:
        return self.text + (f"&{SECRET_PARAMETER}=****" if self.secret else "")

    @property
    def with_secret(self) -> str:
        return self.text + f"&{SECRET_PARAMETER}={quote(self.secret or '')}"

    @property
    def publish_url(self) -> str:
        """What the studio's output publishes to; nginx-rtmp hands `?secret=` to its `on_publish` check."""
        return f"rtmp://{self._netloc}:{self.port}/{PUBLISH_APP}/{PUBLISH_STREAM}?{SECRET_PARAMETER}={quote(self.secret or '')}"

    def http_url(self, path: str) -> str:
        return f"http://{self._netloc}:{self.stat_port}{path}?{SECRET_PARAMETER}={quote(self.secret or '')}"

    @property
    def stat_url(self) -> str:
        return self.http_url(STAT_PATH)

    def with_secret_from(self, secret: str | None) -> RelayUrl:
        return RelayUrl(self.host, self.port, self.stat_port, self.secret or secret)


def parse_relay_url(text: str) -> RelayUrl:
    """`rtmp://HOST[:PORT]/studio/program[?stat_port=N][&secret=S]`, or one line naming what is wrong
    (never the secret)."""
    shown = text.split("?", 1)[0]
    try:
        parts = urlsplit(text.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UserInputError(f"--relay {shown}: the host or port does not parse") from None
    if parts.scheme.lower() != "rtmp":
        raise UserInputError(f"--relay {shown}: a relay takes rtmp:// (the URL `studio relay config` printed)")
    if not host:
        raise UserInputError(f"--relay {shown}: no host name")
    if parts.path.rstrip("/") not in ("", f"/{PUBLISH_APP}", f"/{PUBLISH_APP}/{PUBLISH_STREAM}"):
        raise UserInputError(f"--relay {shown}: the relay's publish point is /{PUBLISH_APP}/{PUBLISH_STREAM}")
    query = dict(parse_qsl(parts.query))
    unknown = sorted(set(query) - {"stat_port", SECRET_PARAMETER})
    if unknown:
        raise UserInputError(f"--relay {shown}: unknown parameter {unknown[0]!r} (expected stat_port, secret)")
    stat_port = query.get("stat_port", str(DEFAULT_STAT_PORT))
    if not stat_port.isdigit() or not 1 <= int(stat_port) <= 65535:
        raise UserInputError(f"--relay {shown}: stat_port is not a port number")
    secret = query.get(SECRET_PARAMETER) or None
    if secret is not None and not SECRET_PATTERN.match(secret):
        raise UserInputError(f"--relay {shown}: the secret is not one `studio relay config` made")
    return RelayUrl(host, port or DEFAULT_RTMP_PORT, int(stat_port), secret)


CHECK_TIMEOUT_S = 15.0


def check_relay(relay: RelayUrl, destination_names: list[str]) -> list[str]:
    """The go-live preflight of a relay (reachable, publish secret accepted, every destination in its
    configuration): reasons it would fail, [] = go. Asked of the poller's process (`--check`), so the
    engine process never reads the network's bytes; the secret goes through a pipe."""
    import json
    import subprocess

    from studio.child_processes import module_command

    request = {"host": relay.host, "port": relay.port, "publish_check_url": relay.http_url(PUBLISH_CHECK_PATH),
               "stat_url": relay.stat_url, "apps": [relay_app(name) for name in destination_names]}
    try:
        done = subprocess.run(module_command("studio.relay.poller", "--check"), input=json.dumps(request),
                              capture_output=True, text=True, timeout=CHECK_TIMEOUT_S)
        return json.loads(done.stdout)["reasons"]
    except (subprocess.TimeoutExpired, ValueError, KeyError) as error:
        return [f"relay {relay.host}:{relay.port}: the check did not finish ({type(error).__name__})"]


def uplink_estimate_kbps(stream_kbps: int, destinations: int, margin: float = 0.25) -> tuple[int, int]:
    """(upload sending directly needs, with the margin) in kb/s: every destination costs the uplink again."""
    direct = stream_kbps * destinations
    return direct, int(round(direct * (1 + margin)))
