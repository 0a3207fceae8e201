"""The comment bus: every connector's comments in, one feed out (gateway process, its own thread).

Connectors (their own threads) `put` normalised, sanitised comments into one bounded buffer; the
bus thread takes them in batches: blocked words and authors marked, duplicates dropped by the
store's (platform, platform id) key, the batch written in one transaction, then handed on: the new
visible comments to `on_comments` (the gateway broadcasts them to clients as one event), the claims
in them to `on_claim` (the gateway sends each to the engine as a registry command). A flood fills
the buffer, not the memory: past MAX_PENDING the oldest waiting comment is dropped and counted.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from studio.gateway.comments import store
from studio.gateway.comments.model import Comment
from studio.gateway.comments.rules import Claim, blocked_reason, claim_in

log = logging.getLogger(__name__)

MAX_PENDING = 20_000
MAX_BATCH = 500
BATCH_WINDOW_S = 0.05        # comments arriving together leave together: one transaction, one event
RULES_REREAD_S = 2.0         # `studio comments rules` in another process takes effect within this
RECENT = 2_000               # kept in memory for featuring and "the newest question"


class CommentBus:
    def __init__(self, db_path: str | Path, show: str, on_comments: Callable[[list[Comment]], None],
                 on_claim: Callable[[Comment, Claim], None]):
        self.db_path, self.show = db_path, show
        self.on_comments, self.on_claim = on_comments, on_claim
        self._pending: collections.deque[Comment] = collections.deque()
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._recent: collections.OrderedDict[int, Comment] = collections.OrderedDict()
        self._recent_lock = threading.Lock()
        self.received = self.stored = self.duplicates = self.blocked = self.dropped = 0
        self.rules = store.Rules()
        conn = store.connect(db_path)
        try:
            self.show_id = store.show_id(conn, show)
            self.rules = store.load_rules(conn, self.show_id)
        finally:
            conn.close()

    # -- any thread ----------------------------------------------------------------------------------

    def put(self, comment: Comment) -> None:
        with self._ready:
            self.received += 1
            if len(self._pending) >= MAX_PENDING:
                self._pending.popleft()
                self.dropped += 1
            self._pending.append(comment)
            self._ready.notify()

    def recent(self, comment_id: int) -> Comment | None:
        with self._recent_lock:
            return self._recent.get(comment_id)

    def newest(self, questions_only: bool = False) -> Comment | None:
        with self._recent_lock:
            for comment in reversed(self._recent.values()):
                if not comment.hidden and (comment.question or not questions_only):
                    return comment
        return None

    def latest(self, limit: int) -> list[Comment]:
        with self._recent_lock:
            return [c for c in self._recent.values() if not c.hidden][-limit:]

    def flagged(self, comment_id: int, flag: str, value: bool) -> None:
        with self._recent_lock:
            comment = self._recent.get(comment_id)
            if comment is not None:
                setattr(comment, flag, value)

    def stats(self) -> dict:
        return {"received": self.received, "stored": self.stored, "duplicates": self.duplicates,
                "blocked": self.blocked, "dropped": self.dropped, "pending": len(self._pending)}

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="comment bus", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        with self._ready:
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout_s)

    # -- the bus thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        conn = store.connect(self.db_path)
        rules_read_at = time.monotonic()
        try:
            while not self._stop.is_set():
                batch = self._take()
                if time.monotonic() - rules_read_at > RULES_REREAD_S:
                    rules_read_at = time.monotonic()
                    try:
                        self.rules = store.load_rules(conn, self.show_id)
                    except Exception as error:   # noqa: BLE001 - a locked file: the old rules stand
                        log.warning("could not re-read the comment rules: %s", error)
                if batch:
                    self._handle(conn, batch)
        finally:
            conn.close()

    def _take(self) -> list[Comment]:
        with self._ready:
            if not self._pending:
                self._ready.wait(0.5)
                if not self._pending:
                    return []
        time.sleep(BATCH_WINDOW_S)
        with self._ready:
            count = min(MAX_BATCH, len(self._pending))
            return [self._pending.popleft() for _ in range(count)]

    def _handle(self, conn, batch: list[Comment]) -> None:
        rules = self.rules
        blocked = {}
        for position, comment in enumerate(batch):
            reason = blocked_reason(comment.author, comment.text, rules)
            if reason is not None:
                blocked[position] = reason
                comment.hidden = True
        for attempt in range(3):
            try:
                fresh = store.insert_new(conn, self.show_id, batch, blocked)
                break
            except Exception as error:   # noqa: BLE001 - busy file: this batch waits, the next ones queue
                log.warning("could not store %d comment(s) (attempt %d): %s", len(batch), attempt + 1, error)
                time.sleep(0.5)
        else:
            return
        self.stored += len(fresh)
        self.duplicates += len(batch) - len(fresh)
        self.blocked += sum(1 for comment in fresh if comment.hidden)
        visible = [comment for comment in fresh if not comment.hidden]
        with self._recent_lock:
            for comment in visible:
                self._recent[comment.id] = comment
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        if visible:
            self.on_comments(visible)
        for comment in visible:
            claim = claim_in(comment.text, rules)
            if claim is not None:
                self.on_claim(comment, claim)
