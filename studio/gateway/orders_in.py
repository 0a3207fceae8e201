"""Orders in: Shopify's `orders/create` webhook and a generic Standard Webhooks order event.

Each delivery is checked before anything is believed: Shopify's `X-Shopify-Hmac-Sha256` (base64
HMAC-SHA256 of the raw body with the app's secret) or the Standard Webhooks signature; then its age
(`X-Shopify-Triggered-At`, `webhook-timestamp`: older than `order_max_age_s` is refused, so a replay
or a delivery held back for hours does not move stock or the sold counter during a later show); then
its id (`X-Shopify-Webhook-Id`, `webhook-id`), kept in the database so a duplicate is dropped even
after a restart. Its lines are recorded (`order_lines`, for the sold counter) and each line's SKU goes
to the engine as a registry command (RecordSale): the stock changes through the catalog like any
edit, and every graphic showing it follows on the same frame.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

from studio.gateway import store_limits
from studio.gateway.store_http import Request, Response
from studio.gateway.webhook_signing import SignatureError, verify
from studio.wire.commands import CommandError, RecordSale

log = logging.getLogger(__name__)

MAX_LINES_PER_ORDER = 500


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class OrdersIn:
    def __init__(self, config: dict, engine, clock=time.time):
        self.engine, self._clock = engine, clock
        self.secrets: dict[str, str] = dict(config.get("order_secrets") or {})
        self.max_age_s = float(config.get("order_max_age_s", 300.0))
        self._db_thread = ThreadPoolExecutor(1, thread_name_prefix="orders in")
        self._conn = sqlite3.connect(config["db_path"], timeout=5.0, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self.counts = {"accepted": 0, "duplicate": 0, "refused": 0}
        self._in_flight = asyncio.Semaphore(store_limits.MAX_ORDER_COMMANDS_IN_FLIGHT)

    def routes(self) -> dict:
        return {("POST", "/orders/shopify"): self.shopify, ("POST", "/orders/signed"): self.signed}

    async def shopify(self, request: Request, writer) -> Response:
        return await self._receive(request, self._check_shopify)

    async def signed(self, request: Request, writer) -> Response:
        return await self._receive(request, self._check_signed)

    async def _receive(self, request: Request, check) -> Response:
        try:
            delivery_id, order = check(request)
            if len(order["lines"]) > MAX_LINES_PER_ORDER:
                raise Refused(413, f"at most {MAX_LINES_PER_ORDER} lines in an order")
        except Refused as refused:
            self.counts["refused"] += 1
            log.warning("order delivery refused from %s: %s", request.peer, refused.reason)
            return Response.text(refused.status, refused.reason)
        loop = asyncio.get_running_loop()
        if not await loop.run_in_executor(self._db_thread, self._record, delivery_id, order):
            self.counts["duplicate"] += 1
            return Response.text(200, "duplicate delivery dropped")
        matched, unknown = 0, []
        for line in order["lines"]:
            try:
                async with self._in_flight:
                    await self.engine.call(RecordSale(sku=line["sku"], quantity=line["quantity"], order=order["name"][:64]))
                matched += 1
            except CommandError as error:
                if "not reachable" in error.comment or "in time" in error.comment:
                    # the engine did not take it: forget the delivery, so the shop's retry is not a "duplicate"
                    await loop.run_in_executor(self._db_thread, self._forget, delivery_id)
                    return Response.text(503, "the engine is not reachable; retry later")
                unknown.append(line["sku"])
        self.counts["accepted"] += 1
        body = json.dumps({"matched": matched, "unknown_skus": unknown}).encode()
        return Response(200, body, "application/json")

    # -- checks -------------------------------------------------------------------------------------

    def _check_shopify(self, request: Request) -> tuple[str, dict]:
        secret = self.secrets.get("shopify")
        if secret is None:
            raise Refused(404, "Shopify orders are not set up here (studio orders secret shopify)")
        given = request.headers.get("x-shopify-hmac-sha256", "")
        expected = base64.b64encode(hmac.new(secret.encode(), request.body, hashlib.sha256).digest()).decode()
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Refused(401, "X-Shopify-Hmac-Sha256 does not match the body")
        if request.headers.get("x-shopify-topic", "orders/create") != "orders/create":
            raise Refused(400, "only the orders/create topic is taken")
        triggered = request.headers.get("x-shopify-triggered-at")
        if not triggered:
            raise Refused(400, "X-Shopify-Triggered-At is missing")
        self._check_age(_epoch(triggered))
        delivery_id = request.headers.get("x-shopify-webhook-id")
        if not delivery_id:
            raise Refused(400, "X-Shopify-Webhook-Id is missing")
        body = _json(request.body)
        lines = [{"sku": str(item.get("sku") or "").strip(), "quantity": _int(item.get("quantity")),
                  "price": str(item.get("price") or "0")} for item in body.get("line_items") or [] if isinstance(item, dict)]
        return f"shopify:{delivery_id[:200]}", {
            "name": str(body.get("name") or body.get("id") or ""), "created_at": str(body.get("created_at") or ""),
            "currency": str(body.get("currency") or ""), "lines": [line for line in lines if line["sku"] and line["quantity"]]}

    def _check_signed(self, request: Request) -> tuple[str, dict]:
        secret = self.secrets.get("signed")
        if secret is None:
            raise Refused(404, "signed orders are not set up here (studio orders secret signed)")
        try:
            verify(secret, request.headers, request.body, self._clock(), tolerance_s=self.max_age_s)
        except SignatureError as error:
            raise Refused(401, str(error)) from None
        body = _json(request.body)
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        if body.get("type") != "order.created":
            raise Refused(400, "only order.created events are taken")
        lines = [{"sku": str(item.get("sku") or "").strip(), "quantity": _int(item.get("quantity")),
                  "price": str(item.get("price") or "0")} for item in data.get("lines") or [] if isinstance(item, dict)]
        return f"signed:{request.headers['webhook-id'][:200]}", {
            "name": str(data.get("order") or ""), "created_at": str(data.get("created_at") or ""),
            "currency": str(data.get("currency") or ""), "lines": [line for line in lines if line["sku"] and line["quantity"]]}

    def _check_age(self, sent_s: float) -> None:
        age_s = self._clock() - sent_s
        if age_s > self.max_age_s:
            raise Refused(400, f"stale delivery: sent {age_s:.0f} s ago (at most {self.max_age_s:g} s)")
        if age_s < -self.max_age_s:
            raise Refused(400, "delivery time is in the future")

    # -- the database (its own thread) -----------------------------------------------------------------

    def _record(self, delivery_id: str, order: dict) -> bool:
        """False: this delivery was seen before (nothing recorded)."""
        now_s = self._clock()
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            inserted = self._conn.execute(
                "INSERT OR IGNORE INTO order_deliveries (delivery_id, source, received_at) VALUES (?, ?, ?)",
                [delivery_id, delivery_id.split(":", 1)[0],
                 dt.datetime.fromtimestamp(now_s, dt.timezone.utc).isoformat(timespec="milliseconds")]).rowcount
            if not inserted:
                return False
            self._conn.executemany(
                "INSERT INTO order_lines (delivery_id, order_name, created_at, received_s, sku, quantity, price, currency) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(delivery_id, order["name"], order["created_at"], now_s, line["sku"], line["quantity"], line["price"],
                  order["currency"]) for line in order["lines"]])
        return True

    def _forget(self, delivery_id: str) -> None:
        with self._conn:
            self._conn.execute("DELETE FROM order_lines WHERE delivery_id = ?", [delivery_id])
            self._conn.execute("DELETE FROM order_deliveries WHERE delivery_id = ?", [delivery_id])

    def close(self) -> None:
        self._db_thread.shutdown(wait=True)
        self._conn.close()


def _epoch(text: str) -> float:
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise Refused(400, "X-Shopify-Triggered-At is not an ISO 8601 time") from None


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body)
    except ValueError:
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, "the body is not a JSON object")
    return value


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1_000_000 else 0
