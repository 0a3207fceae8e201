"""A fake shop for tests: posts Shopify `orders/create` deliveries (and Standard Webhooks order events)
to the studio's store port, signed right, forged, duplicated or stale."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import time
import uuid

from studio.gateway.webhook_signing import signed_headers


def shopify_order(name: str, lines: list[tuple[str, int, str]], currency: str = "USD") -> dict:
    return {"id": abs(hash(name)) % 10**12, "name": name, "currency": currency,
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "cancelled_at": None,
            "line_items": [{"sku": sku, "quantity": quantity, "price": price, "title": sku} for sku, quantity, price in lines]}


def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers={"content-type": "application/json", **headers})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def shopify_delivery(secret: str, order: dict, *, webhook_id: str | None = None, sent_s: float | None = None,
                     forged: bool = False) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(order).encode()
    mac = base64.b64encode(hmac.new((secret + ("x" if forged else "")).encode(), body, hashlib.sha256).digest()).decode()
    sent = dt.datetime.fromtimestamp(time.time() if sent_s is None else sent_s, dt.timezone.utc)
    return body, {"X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": mac,
                  "X-Shopify-Webhook-Id": webhook_id or str(uuid.uuid4()), "X-Shopify-Shop-Domain": "demo.myshopify.com",
                  "X-Shopify-Triggered-At": sent.isoformat().replace("+00:00", "Z"), "X-Shopify-API-Version": "2025-01"}


def signed_order(secret: str, name: str, lines: list[tuple[str, int, str]], *, message_id: str | None = None,
                 sent_s: float | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"type": "order.created", "timestamp": "", "data": {
        "order": name, "currency": "USD", "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "lines": [{"sku": sku, "quantity": quantity, "price": price} for sku, quantity, price in lines]}}).encode()
    return body, signed_headers(secret, message_id or f"msg_{uuid.uuid4().hex}", int(time.time() if sent_s is None else sent_s), body)
