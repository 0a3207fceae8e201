"""The store against a real engine: what airs reaches a webhook receiver (signed, in order) and the
"now featured" stream (SSE over a real socket), with the price that aired; a fake shop's orders move
the stock and put the sold counter on air."""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from studio.gateway.webhook_signing import new_secret
from tests.fixtures.engine import wait_until
from tests.store.fake_store import post, shopify_delivery, shopify_order, signed_order
from tests.store.store_engine import ORDER_SECRET, SHOPIFY_SECRET, WEBHOOK_SECRET, start_store_engine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    engine, receiver, port = start_store_engine(tmp_path_factory.mktemp("store"))
    yield engine, receiver, port
    assert engine.stop() == 0, engine.log()
    receiver.stop()


class Stream:
    """A reader of /now/events on its own thread: every (event, data) it got, in order."""

    def __init__(self, port: int):
        self.events: list[tuple[str, dict]] = []
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._connection.request("GET", "/now/events")
        self.response = self._connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = None
        for raw in self.response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                self.events.append((event, json.loads(line[6:])))

    def close(self) -> None:
        self._connection.close()


def _received(receiver, event_type, **match):
    return [e for e in receiver.events if e["type"] == event_type and all(e["data"].get(k) == v for k, v in match.items())]


def test_takes_and_price_edits_reach_the_webhook_and_the_stream(store):
    engine, receiver, port = store
    stream = Stream(port)
    wait_until(lambda: stream.events and stream.events[0][0] == "snapshot", 30, "the stream's snapshot")
    with engine.client() as client:
        client.vendor("TakeProduct", {"sku": "HP-NC-BLK"})
        wait_until(lambda: _received(receiver, "product.featured", sku="HP-NC-BLK"), 30, "product.featured")
        client.vendor("SetPrice", {"sku": "HP-NC-BLK", "price": "123.45"})
        wait_until(lambda: _received(receiver, "product.updated", sku="HP-NC-BLK"), 30, "product.updated")
        client.vendor("ClearProduct")
        wait_until(lambda: _received(receiver, "product.cleared", sku="HP-NC-BLK"), 30, "product.cleared")
    featured = _received(receiver, "product.featured", sku="HP-NC-BLK")[-1]["data"]
    assert "utm_campaign=friday" in featured["buy_url"] and "image_path" not in featured
    updated = _received(receiver, "product.updated", sku="HP-NC-BLK")[-1]["data"]
    assert updated["product"]["price"] == "123.45" and updated["changed"] == ["price"]
    assert receiver.refused == 0
    wait_until(lambda: any(name == "product.cleared" for name, _ in stream.events), 30, "the stream's product.cleared")
    names = [name for name, data in stream.events if name.startswith("product.")]
    assert names[-3:] == ["product.featured", "product.updated", "product.cleared"]
    stream.close()


def _stock(client, sku):
    return next(p["stock"] for p in client.vendor("GetCatalog", {"search": sku})["products"] if p["sku"] == sku)


def test_a_fake_store_moves_stock_only_with_genuine_fresh_unseen_deliveries(store):
    engine, receiver, port = store
    with engine.client() as client:
        client.vendor("TakeProduct", {"sku": "KET-STEEL"})
        client.vendor("ShowGraphic", {"kind": "sold_counter"})     # up, airing once something sold
        client.vendor("ShowGraphic", {"kind": "low_stock"})
        before = _stock(client, "KET-STEEL")
        assert before > 10 and "sold_counter" not in client.vendor("GetShowState")["graphics"]
        order = shopify_order("#2001", [("KET-STEEL", 2, "39.99"), ("NOT-IN-CATALOG", 1, "5.00")])
        body, headers = shopify_delivery(SHOPIFY_SECRET, order)
        status, answer = post(port, "/orders/shopify", body, headers)
        assert status == 200 and json.loads(answer) == {"matched": 1, "unknown_skus": ["NOT-IN-CATALOG"]}
        assert post(port, "/orders/shopify", body, headers)[0] == 200          # the same delivery again: dropped
        forged = shopify_delivery(SHOPIFY_SECRET, shopify_order("#2002", [("KET-STEEL", 5, "39.99")]), forged=True)
        assert post(port, "/orders/shopify", *forged)[0] == 401
        tampered_body = body.replace(b'"quantity": 2', b'"quantity": 9')
        assert post(port, "/orders/shopify", tampered_body, {**headers, "X-Shopify-Webhook-Id": "other"})[0] == 401
        stale = shopify_delivery(SHOPIFY_SECRET, shopify_order("#2003", [("KET-STEEL", 5, "39.99")]),
                                 sent_s=time.time() - 3600)
        status, answer = post(port, "/orders/shopify", *stale)
        assert status == 400 and "stale" in answer
        signed = signed_order(ORDER_SECRET, "#2004", [("KET-STEEL", 1, "39.99")])
        assert post(port, "/orders/signed", *signed)[0] == 200
        assert post(port, "/orders/signed", *signed)[0] == 200                 # duplicate webhook-id: dropped
        bad = signed_order(new_secret(), "#2005", [("KET-STEEL", 4, "39.99")])
        assert post(port, "/orders/signed", *bad)[0] == 401
        wait_until(lambda: _stock(client, "KET-STEEL") == before - 3, 30, "the stock to drop by 2 + 1")
        wait_until(lambda: "sold_counter" in client.vendor("GetShowState")["graphics"], 30, "the sold counter on air")
        assert "low_stock" not in client.vendor("GetShowState")["graphics"]      # still above its threshold
        wait_until(lambda: (client.vendor("GetShowState").get("program") or {}).get("stock")
                   == before - 3, 30, "the product on air to show the new stock")
    sold = sqlite3.connect(engine.db_path).execute(
        "SELECT order_name, sku, quantity FROM order_lines ORDER BY id").fetchall()
    assert sold == [("#2001", "KET-STEEL", 2), ("#2001", "NOT-IN-CATALOG", 1), ("#2004", "KET-STEEL", 1)]
    wait_until(lambda: _received(receiver, "product.updated", sku="KET-STEEL"), 30, "the stock change as a webhook")


def test_no_secret_in_the_engine_output_the_database_or_any_process_argv(store):
    engine, receiver, port = store
    secrets = [WEBHOOK_SECRET, SHOPIFY_SECRET, ORDER_SECRET]
    log = engine.log()
    database = b"".join(path.read_bytes() for path in engine.root.glob("studio.db*"))
    argv = b" ".join(path.read_bytes() for path in Path("/proc").glob("[0-9]*/cmdline") if _readable(path))
    for secret in secrets:
        assert secret not in log and secret.encode() not in database and secret.encode() not in argv
    assert "store page on" in log


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
        return True
    except OSError:
        return False


def test_a_restarted_gateway_serves_what_airs_and_delivers_what_was_queued(store):
    from tests.gateway.test_gateway_restart import gateway_pids

    engine, receiver, port = store
    with engine.client() as client:
        client.vendor("TakeProduct", {"sku": "TV-55-4K"})
        wait_until(lambda: _now(port)["featured"] and _now(port)["featured"]["sku"] == "TV-55-4K", 30, "TV featured")
    [gateway] = gateway_pids(engine.process.pid)
    os.kill(gateway, signal.SIGKILL)
    engine.wait_for_line("control gateway restarted", 60)
    # the same port, seeded from the engine (GetShowState) once it answers: no new take needed
    wait_until(lambda: (_now(port)["featured"] or {}).get("sku") == "TV-55-4K", 30, "the restarted page's product")
    assert "utm_campaign=friday" in _now(port)["featured"]["buy_url"]
    with engine.client() as client:
        client.vendor("SetPrice", {"sku": "TV-55-4K", "price": "277.00"})
        wait_until(lambda: _received(receiver, "product.updated", sku="TV-55-4K")
                   and _received(receiver, "product.updated", sku="TV-55-4K")[-1]["data"]["product"]["price"] == "277.00",
                   30, "the edit after the restart as a webhook")


def _now(port: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/now/state")
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()
