"""Webhooks out: a receiver that is down gets every event in order once it is back; the queue survives
a restart of the outbox (the gateway); every attempt is in the delivery log."""

import asyncio
import time

import pytest

from studio.core.show import webhook_endpoints
from studio.core.show.db import open_database
from studio.gateway.outbox import Outbox, RetryPolicy, Target
from studio.gateway.webhook_signing import new_secret
from tests.store.receiver import Receiver

FAST = RetryPolicy(first_retry_s=0.05, backoff_cap_s=0.2)


class MemorySecrets:
    description = "memory"

    def __init__(self):
        self.values = {}

    def read(self, account):
        return self.values.get(account)

    def update(self, account, change):
        new = change(self.values.get(account))
        if new is None:
            self.values.pop(account, None)
        else:
            self.values[account] = new


@pytest.fixture
def db_with_endpoint(tmp_path):
    path = tmp_path / "studio.db"
    db = open_database(path)
    secret = new_secret()
    receiver = Receiver(secret)
    secrets = MemorySecrets()
    webhook_endpoints.add(db, "shop", receiver.url, ["product.featured", "product.updated"], secret, secrets)
    yield path, db, receiver, Target("shop", receiver.url, ("product.featured", "product.updated"), secret)
    receiver.stop()
    db.close()


async def _until(predicate, timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_a_receiver_down_then_back_gets_every_event_in_order_even_across_a_restart(db_with_endpoint):
    path, db, receiver, target = db_with_endpoint

    async def first_gateway():
        outbox = Outbox(path, [target], FAST)
        task = asyncio.create_task(outbox.run())
        for price in range(1, 6):
            outbox.publish("product.updated", {"sku": "TV", "product": {"price": f"{price}.00"}})
        outbox.publish("segment.started", {"index": 1})      # not wanted by this endpoint
        await _until(lambda: db.execute("SELECT COUNT(*) FROM webhook_deliveries").fetchone()[0] >= 3)
        task.cancel()
        outbox.close()

    asyncio.run(first_gateway())          # the receiver was down the whole time: nothing delivered
    assert receiver.events == []

    async def second_gateway():
        receiver.start()
        outbox = Outbox(path, [target], FAST)
        task = asyncio.create_task(outbox.run())
        outbox.publish("product.featured", {"sku": "LAMP"})
        await _until(lambda: len(receiver.events) == 6)
        await asyncio.sleep(0.2)          # nothing more arrives (no duplicate)
        task.cancel()
        outbox.close()

    asyncio.run(second_gateway())
    assert [event["data"].get("product", {}).get("price") for event in receiver.events[:5]] == \
        ["1.00", "2.00", "3.00", "4.00", "5.00"]
    assert receiver.events[5] == {"type": "product.featured", "timestamp": receiver.events[5]["timestamp"],
                                  "data": {"sku": "LAMP"}}
    assert len(set(receiver.message_ids)) == 6 and receiver.refused == 0
    states = db.execute("SELECT state, COUNT(*) FROM webhook_outbox GROUP BY state").fetchall()
    assert states == [("delivered", 6)]
    failures = db.execute("SELECT COUNT(*) FROM webhook_deliveries WHERE error LIKE '%Connection%'").fetchone()[0]
    assert failures >= 3


def test_backoff_doubles_up_to_its_cap():
    policy = RetryPolicy(first_retry_s=1, backoff_cap_s=5)
    assert [policy.delay_s(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]


def test_an_event_past_its_time_is_given_up_and_the_queue_goes_on(db_with_endpoint):
    path, db, receiver, target = db_with_endpoint
    clock = [1000.0]

    def refuse_first(url, headers, body):
        return (500, None) if b'"old"' in body else (204, None)

    async def main():
        outbox = Outbox(path, [target], RetryPolicy(0.01, 0.01, give_up_after_s=5), send=refuse_first,
                        clock=lambda: clock[0])
        task = asyncio.create_task(outbox.run())
        outbox.publish("product.featured", {"sku": "old"})
        await _until(lambda: db.execute("SELECT COUNT(*) FROM webhook_deliveries").fetchone()[0] >= 1)
        clock[0] += 10
        outbox.publish("product.featured", {"sku": "new"})
        await _until(lambda: outbox.delivered == 1)
        task.cancel()
        outbox.close()

    asyncio.run(main())
    rows = db.execute("SELECT json_extract(body, '$.data.sku'), state FROM webhook_outbox ORDER BY id").fetchall()
    assert rows == [("old", "failed"), ("new", "delivered")]
    assert db.execute("SELECT status, error FROM webhook_deliveries ORDER BY id LIMIT 1").fetchone() == (500, "HTTP 500")


def test_receivers_that_hang_never_hold_the_loops_default_executor(db_with_endpoint):
    """The control API sends commands to the engine on the loop's default executor: eight endpoints
    whose receivers accept and never answer must not take its threads."""
    import socket

    from studio.gateway.outbox import post

    path, db, receiver, target = db_with_endpoint
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)                      # connections are accepted by the kernel; nothing ever answers
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
    targets = []
    for index in range(8):
        name = f"hang{index}"
        webhook_endpoints.add(db, name, url, [], target.secret, MemorySecrets())
        targets.append(Target(name, url, (), target.secret))

    async def main():
        outbox = Outbox(path, targets, FAST, send=lambda u, h, b: post(u, h, b, timeout_s=2.0))
        task = asyncio.create_task(outbox.run())
        outbox.publish("product.featured", {"sku": "TV"})
        await asyncio.sleep(0.5)           # every endpoint's POST is hanging now
        started = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, lambda: None)
        waited_s = time.monotonic() - started
        task.cancel()
        outbox.close()
        return waited_s

    try:
        assert asyncio.run(main()) < 0.5
    finally:
        silent.close()
