"""The store, in the gateway process: what airs goes out (webhooks, the "now featured" stream and page)
and orders come in (studio/gateway/orders_in.py), on its own loopback HTTP port beside the control API.

The engine hands over its configuration in the gateway's config frame (endpoints with their secrets,
never argv). Store events are derived from the engine's events as they pass through the gateway, so
nothing here adds work to the engine; a store that cannot listen is reported and control goes on.
"""

from __future__ import annotations

import asyncio
import logging

from studio.gateway.now_featured import NowFeatured
from studio.gateway.outbox import Outbox, RetryPolicy, Target
from studio.gateway.store_events import StoreEvents
from studio.gateway.store_http import HttpServer

log = logging.getLogger(__name__)


class StoreService:
    def __init__(self, config: dict, engine=None):
        self.config = config
        self.engine = engine
        self.seeding: asyncio.Task | None = None
        self.events = StoreEvents()
        self.now = NowFeatured(self.events)
        targets = [Target(t["name"], t["url"], tuple(t.get("events") or ()), t["secret"]) for t in config.get("targets", ())]
        retry = RetryPolicy(**config.get("retry", {}))
        self.outbox = Outbox(config["db_path"], targets, retry) if targets and config.get("db_path") else None
        routes = {("GET", "/now"): self.now.page, ("GET", "/now/events"): self.now.stream,
                  ("GET", "/now/state"): self.now.state, ("GET", "/now/image"): self.now.image}
        self.orders = None
        if engine is not None and config.get("db_path"):
            from studio.gateway.orders_in import OrdersIn
            self.orders = OrdersIn(config, engine)
            routes.update(self.orders.routes())
        self.http = HttpServer(routes, config.get("host", "127.0.0.1"), int(config.get("port", 0)))

    async def seed(self) -> None:
        """What airs now, asked of the engine once (a restarted gateway's page is right at once)."""
        from studio.wire.commands import CommandError, GetShowState

        if self.engine is None:
            return
        try:
            self.events.seed(await self.engine.call(GetShowState()))
        except CommandError as error:
            log.warning("store: could not read what airs now (%s); the page follows the next change", error.comment)

    def on_engine_event(self, event_type: str, data: dict) -> None:
        for name, payload in self.events.from_engine(event_type, data):
            if self.outbox is not None:
                self.outbox.publish(name, payload)
            self.now.publish(name, payload)

    async def serve(self, on_listening, stopped: asyncio.Event) -> None:
        """Serve until `stopped`; `on_listening(port, None)` once listening, or `(None, reason)` when it
        cannot (the webhooks are delivered all the same)."""
        outbox = asyncio.create_task(self.outbox.run()) if self.outbox is not None else None
        try:
            await self.http.serve(lambda port: on_listening(port, None), stopped)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            on_listening(None, f"store page {self.http.host}:{self.http.port}: cannot listen ({reason})")
            await stopped.wait()
        finally:
            if outbox is not None:
                outbox.cancel()
                await asyncio.gather(outbox, return_exceptions=True)
                self.outbox.close()
