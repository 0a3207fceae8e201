"""The audience in the gateway process: the bus, the sources' runners, and what clients and the engine hear.

Started by the gateway when the engine plays a show from a database. It asks the engine for the
show's sources (GetCommentSources: the engine's worker reads them and their secrets from the key
store) at start and every SOURCES_POLL_S, so `studio comments add` while the show runs starts a
source within seconds; a removed source stops. New comments go to clients as one `CommentsReceived`
event per bus batch; a source's status as `CommentSourceStatus`; each claim goes to the engine as
ClaimStock, and the engine's `ClaimChanged` events are written to the claims table for the export.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from studio.gateway.comments import store
from studio.gateway.comments.bus import CommentBus
from studio.gateway.comments.connectors.runner import SourceRunner, connector_for
from studio.gateway.comments.model import PLATFORMS, Comment
from studio.gateway.comments.rules import Claim
from studio.wire import commands as c
from studio.wire.commands import CommandError

log = logging.getLogger(__name__)

SOURCES_POLL_S = 3.0


class CommentService:
    def __init__(self, loop: asyncio.AbstractEventLoop, engine, broadcast, db_path: str | Path, show: str):
        """`engine.call(command)` reaches the engine; `broadcast(event_type, data)` every client."""
        self.loop, self.engine, self._broadcast = loop, engine, broadcast
        self.db_path, self.show = db_path, show
        self.bus = CommentBus(db_path, show, self._comments_arrived, self._claimed)
        self.runners: dict[str, SourceRunner] = {}
        self._revision = ""
        self._claims_writer = ThreadPoolExecutor(1, "claims writer")   # one thread: a claim's changes in order
        self._claims_conn = None
        self.queue_task: asyncio.Task | None = None
        self.claims_refused = 0

    async def run(self, stopped: asyncio.Event) -> None:
        self.bus.start()
        try:
            while not stopped.is_set():
                await self._refresh_sources()
                try:
                    await asyncio.wait_for(stopped.wait(), SOURCES_POLL_S)
                except asyncio.TimeoutError:
                    pass
        finally:
            await self.loop.run_in_executor(None, self.close)

    def close(self, timeout_s: float = 3.0) -> None:
        """Every source asked to stop at once, then waited for together (a poll in flight is abandoned)."""
        deadline = time.monotonic() + timeout_s
        for runner in self.runners.values():
            runner.ask_to_stop()
        for runner in self.runners.values():
            runner.join(deadline - time.monotonic())
        self.runners.clear()
        self.bus.stop()
        self._claims_writer.shutdown(wait=True)

    async def _refresh_sources(self) -> None:
        try:
            answer = await self.engine.call(c.GetCommentSources(revision=self._revision))
        except CommandError as error:
            log.warning("could not read the comment sources: %s", error)
            return
        if answer.get("unchanged"):
            return
        self._revision = answer.get("revision", "")
        wanted = {source["name"]: source for source in answer.get("sources") or []}
        for name in [name for name in self.runners if name not in wanted]:
            runner = self.runners.pop(name)
            await self.loop.run_in_executor(None, runner.stop)
        for name, source in wanted.items():
            if name in self.runners:
                continue
            try:
                connector = connector_for(source["kind"], name, source["settings"], source.get("secrets") or {})
            except Exception as error:   # noqa: BLE001 - a source set up wrong: said, the others go on
                self._status(name, f"cannot start: {error}")
                continue
            runner = SourceRunner(name, connector, self.bus.put, self._status_from_thread, source.get("secrets"))
            self.runners[name] = runner
            runner.start()

    # -- from the bus and the runners' threads ----------------------------------------------------------------

    def _comments_arrived(self, batch: list[Comment]) -> None:
        data = {"comments": [comment.as_event() for comment in batch]}
        self.loop.call_soon_threadsafe(self._broadcast, "CommentsReceived", data)

    def _claimed(self, comment: Comment, claim: Claim) -> None:
        command = c.ClaimStock(sku=claim.sku, quantity=claim.quantity, author=comment.author,
                               platform=comment.platform, comment_id=comment.id, hold_s=self.bus.rules.hold_s)
        asyncio.run_coroutine_threadsafe(self._claim(command), self.loop)

    async def _claim(self, command: c.ClaimStock) -> None:
        try:
            await self.engine.call(command)
        except CommandError as error:   # no product on air, an unknown SKU: not a claim after all
            self.claims_refused += 1
            log.info("claim not taken: %s", error.comment)

    def _status_from_thread(self, name: str, text: str) -> None:
        self.loop.call_soon_threadsafe(self._status, name, text)

    def _status(self, name: str, text: str) -> None:
        self._broadcast("CommentSourceStatus", {"source": name, "status": text})

    # -- engine events ---------------------------------------------------------------------------------------

    def engine_event(self, event_type: str, data: dict) -> None:
        if event_type == "ClaimChanged":
            self._claims_writer.submit(self._record_claim, data)

    def _record_claim(self, data: dict) -> None:
        try:
            if self._claims_conn is None:
                self._claims_conn = store.connect(self.db_path)
            store.record_claim(self._claims_conn, self.bus.show_id, data)
        except Exception as error:   # noqa: BLE001 - a locked file: the export misses it, the show goes on
            log.warning("could not record claim %s: %s", data.get("claim_id"), error)

    # -- for requests ----------------------------------------------------------------------------------------

    async def comment(self, comment_id: int) -> Comment | None:
        found = self.bus.recent(comment_id)
        if found is None:
            found = await self.loop.run_in_executor(None, self._stored, comment_id)
        return found

    def _stored(self, comment_id: int) -> Comment | None:
        conn = store.connect(self.db_path)
        try:
            return store.get(conn, self.bus.show_id, comment_id)
        finally:
            conn.close()

    def sources(self) -> list[dict]:
        return [{"name": name, "status": runner.status} for name, runner in self.runners.items()]


def platform_title(platform: str) -> str:
    return PLATFORMS.get(platform, platform)
