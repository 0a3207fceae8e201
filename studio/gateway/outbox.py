"""Webhooks out: one persistent queue per endpoint, delivered in order, retried with backoff.

Runs in the gateway process's asyncio loop, never the engine's. Every store event an endpoint wants
becomes a row of `webhook_outbox` (the show database, version 6) before anything is sent, so a queue
survives a restart of the gateway or the studio. Each endpoint has one delivery task: it sends the
oldest pending event and nothing after it until that one is delivered (a receiver that is down for
ten minutes gets every event afterwards, in order). A failed attempt waits `first_retry_s`, then
twice as long each time up to `backoff_cap_s`; an event still undelivered `give_up_after_s` after it
was made is marked failed and the queue goes on. Every attempt is a row of `webhook_deliveries`.

The database is written on one thread of its own (a busy database never stalls the loop); POSTs run
on threads of their own, one per endpoint, with a timeout: receivers that hang never hold the threads
the control API sends its commands to the engine with (the loop's default executor).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import logging
import secrets
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studio.gateway.store_events import utc_now_iso
from studio.gateway.webhook_signing import signed_headers

log = logging.getLogger(__name__)

POST_TIMEOUT_S = 10.0
MAX_ERROR_CHARS = 200


@dataclass(frozen=True)
class RetryPolicy:
    first_retry_s: float = 1.0
    backoff_cap_s: float = 300.0
    give_up_after_s: float = 72 * 3600.0

    def delay_s(self, attempts: int) -> float:
        """The wait after the `attempts`-th failed attempt (1, 2, ...)."""
        return min(self.backoff_cap_s, self.first_retry_s * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class Target:
    """An endpoint as the gateway knows it (the engine sends these, secrets included, over the channel)."""
    name: str
    url: str
    events: tuple[str, ...]
    secret: str

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events

    def __repr__(self) -> str:       # never the secret
        return f"Target({self.name!r}, {self.url!r})"


def post(url: str, headers: dict[str, str], body: bytes, timeout_s: float = POST_TIMEOUT_S) -> tuple[int | None, str | None]:
    """(HTTP status, None) or (None, what went wrong). No redirects are followed: a 3xx is a failure."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection = connection_class(parts.hostname, parts.port, timeout=timeout_s)
        try:
            connection.request("POST", path, body=body, headers={**headers, "user-agent": "live-shopping-studio"})
            response = connection.getresponse()
            response.read(64 * 1024)
            return response.status, None
        finally:
            connection.close()
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]


class Outbox:
    def __init__(self, db_path: str | Path, targets: list[Target], retry: RetryPolicy = RetryPolicy(),
                 send=post, clock=time.time):
        self.targets = {target.name: target for target in targets}
        self.retry = retry
        self._send, self._clock = send, clock
        self._db_thread = ThreadPoolExecutor(1, thread_name_prefix="webhook outbox")
        self._post_threads = ThreadPoolExecutor(max(1, len(self.targets)), thread_name_prefix="webhook post")
        self._conn = sqlite3.connect(str(db_path), timeout=5.0, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._wake = {name: asyncio.Event() for name in self.targets}
        self.delivered = 0

    # -- in: one row per endpoint that wants the event, in the order the engine said them ----------------

    def publish(self, event_type: str, data: dict) -> None:
        """Queue an event for every endpoint that wants it (on the loop; the write runs on the DB thread)."""
        wanted = [name for name, target in self.targets.items() if target.wants(event_type)]
        if not wanted:
            return
        now_s = self._clock()
        body = json.dumps({"type": event_type, "timestamp": utc_now_iso(now_s), "data": data},
                          separators=(",", ":"), ensure_ascii=False)
        message_id = "msg_" + secrets.token_urlsafe(18)
        future = asyncio.get_running_loop().run_in_executor(self._db_thread, self._insert, wanted, message_id,
                                                            event_type, body, now_s)
        future.add_done_callback(lambda _: [self._wake[name].set() for name in wanted])

    def _insert(self, names: list[str], message_id: str, event_type: str, body: str, now_s: float) -> None:
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT INTO webhook_outbox (endpoint, message_id, event_type, body, created_at, next_attempt_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [(name, message_id, event_type, body, now_s, now_s) for name in names])

    # -- out: one task per endpoint ---------------------------------------------------------------------

    async def run(self) -> None:
        await asyncio.gather(*(self._deliver(target) for target in self.targets.values()))

    async def _db(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self._db_thread, function, *args)

    async def _deliver(self, target: Target) -> None:
        wake = self._wake[target.name]
        while True:
            wake.clear()
            head = await self._db(self._head, target.name)
            if head is None:
                await wake.wait()
                continue
            outbox_id, message_id, body, created_at, attempts, next_attempt_at = head
            wait_s = next_attempt_at - self._clock()
            if wait_s > 0:
                await asyncio.sleep(wait_s)
            encoded = body.encode("utf-8")
            headers = signed_headers(target.secret, message_id, int(self._clock()), encoded)
            started = time.monotonic()
            status, error = await asyncio.get_running_loop().run_in_executor(
                self._post_threads, self._send, target.url, headers, encoded)
            duration_ms = (time.monotonic() - started) * 1000
            if status is not None and not 200 <= status < 300:
                error = f"HTTP {status}"
            await self._db(self._record, outbox_id, created_at, attempts + 1, status, error, duration_ms)
            if error is None:
                self.delivered += 1

    def _head(self, name: str):
        return self._conn.execute(
            "SELECT id, message_id, body, created_at, attempts, next_attempt_at FROM webhook_outbox "
            "WHERE endpoint = ? AND state = 'pending' ORDER BY id LIMIT 1", [name]).fetchone()

    def _record(self, outbox_id: int, created_at: float, attempts: int, status: int | None, error: str | None,
                duration_ms: float) -> None:
        now_s = self._clock()
        if error is None:
            state, next_at = "delivered", now_s
        elif now_s - created_at >= self.retry.give_up_after_s:
            state, next_at = "failed", now_s
            log.warning("webhook event %d given up after %d attempts (%s)", outbox_id, attempts, error)
        else:
            state, next_at = "pending", now_s + self.retry.delay_s(attempts)
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, state = ? WHERE id = ?",
                               [attempts, next_at, state, outbox_id])
            self._conn.execute(
                "INSERT INTO webhook_deliveries (outbox_id, attempted_at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?)",
                [outbox_id, dt.datetime.fromtimestamp(now_s, dt.timezone.utc).isoformat(timespec="milliseconds"),
                 status, error, round(duration_ms, 1)])

    def close(self) -> None:
        self._post_threads.shutdown(wait=False, cancel_futures=True)   # a hanging POST ends by its timeout
        self._db_thread.shutdown(wait=True)
        self._conn.close()
