"""`python -m studio.relay.poller`: polls a relay's statistics page, one JSON line a second on stdout.

Its own process, so the engine never faces the network: the statistics URL (it carries the
relay's secret) arrives on stdin, never in argv; each line is `{"stat": {...}, "rates": {...}}`
or `{"error": "..."}`. It exits when its parent closes stdin or goes away.

`python -m studio.relay.poller --check` is the go-live preflight: stdin carries one JSON object
(`host`, `port`, `publish_check_url`, `stat_url`, `apps`), stdout gets `{"reasons": [...]}`:
the relay reachable, the secret accepted for publishing, every destination in its configuration.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

from studio.relay.stat import MAX_STAT_BYTES, parse_stat
from studio.wire.relay import RELAY_UNREACHABLE

POLL_INTERVAL_S = 1.0
TIMEOUT_S = 2.0


def fetch(url: str, timeout_s: float = TIMEOUT_S) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout_s) as response:   # noqa: S310 - http:// to the relay only
        return response.read(MAX_STAT_BYTES + 1)


def describe(error: BaseException) -> str:
    """Why the page could not be read, never the URL (it holds the secret)."""
    if isinstance(error, urllib.error.HTTPError):
        return f"the relay answered HTTP {error.code}" + (" (the secret was refused)" if error.code == 403 else "")
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError):
        return f"no answer within {TIMEOUT_S:.0f} s"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return type(error).__name__


def poll_forever(url: str, out, stop: threading.Event) -> None:
    previous: dict[str, tuple[float, int]] = {}
    while not stop.is_set():
        started = time.monotonic()
        try:
            stat = parse_stat(fetch(url))
            rates = {}
            for app, state in stat.destinations.items():
                before = previous.get(app)
                if before is not None and started > before[0] and state.bytes_out >= before[1]:
                    rates[app] = round((state.bytes_out - before[1]) * 8 / 1000 / (started - before[0]), 1)
                previous[app] = (started, state.bytes_out)
            line = {"stat": stat.as_dict(), "rates": rates}
        except Exception as error:   # any failure is a line for the studio, never a crash
            line = {"error": describe(error)}
        try:
            out.write(json.dumps(line) + "\n")
            out.flush()
        except (BrokenPipeError, OSError):
            return
        stop.wait(max(0.0, POLL_INTERVAL_S - (time.monotonic() - started)))


def check(request: dict, timeout_s: float = TIMEOUT_S) -> list[str]:
    """Why publishing through the relay would fail; [] = go."""
    where = f"{request['host']}:{request['port']}"
    try:
        with socket.create_connection((request["host"], request["port"]), timeout=timeout_s):
            pass
    except OSError as error:
        return [f"{RELAY_UNREACHABLE}: {where} ({describe(error)})"]
    try:
        fetch(request["publish_check_url"], timeout_s)
        stat = parse_stat(fetch(request["stat_url"], timeout_s))
    except urllib.error.HTTPError as error:
        if error.code == 403:
            return [f"relay {where} refused the publish secret: run `studio relay config` again and copy its files "
                    "to the relay, or give the URL it printed"]
        return [f"relay {where}: {describe(error)} on its statistics port"]
    except Exception as error:
        return [f"relay {where}: its statistics port does not answer ({describe(error)})"]
    return [f"relay {where} does not push to {app[3:]}: run `studio relay config` again and reload the relay"
            for app in request["apps"] if app not in stat.destinations]


def main() -> int:
    if sys.argv[1:] == ["--check"]:
        print(json.dumps({"reasons": check(json.loads(sys.stdin.read()))}))
        return 0
    url = sys.stdin.readline().strip()
    if not url.startswith("http://"):
        return 2
    stop = threading.Event()

    def watch_parent() -> None:
        sys.stdin.read()   # EOF: the studio closed the pipe or died
        stop.set()

    threading.Thread(target=watch_parent, daemon=True).start()
    os.nice(5)
    poll_forever(url, sys.stdout, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
