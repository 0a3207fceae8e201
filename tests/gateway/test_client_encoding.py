"""Encoding is per client: what one codec cannot carry is made safe for that client only, never lost."""

from __future__ import annotations

import asyncio
import json
import math

import msgpack
import pytest

from studio.gateway.client_queue import MSGPACK, ClientQueue, encode
from studio.gateway.limits import MAX_QUEUED_BYTES_PER_CLIENT, MAX_QUEUED_EVENTS_PER_CLIENT
from studio.gateway.server import ControlService


class Connection:
    """What ClientQueue reads of a websocket before sending: its negotiated subprotocol."""

    def __init__(self, subprotocol):
        self.subprotocol = subprotocol


UNCARRIABLE = {"nan": math.nan, "inf": math.inf, "huge": 2 ** 70, "surrogate": "a\ud800b", "fine": "ok"}


def test_json_gets_null_for_nan_and_text_stays_valid():
    decoded = json.loads(encode({"d": UNCARRIABLE}, None))["d"]
    assert decoded["nan"] is None and decoded["inf"] is None
    assert decoded["huge"] == str(2 ** 70) and decoded["fine"] == "ok"    # JavaScript could not hold it either


def test_msgpack_gets_text_for_what_it_cannot_carry():
    decoded = msgpack.unpackb(encode({"d": UNCARRIABLE}, MSGPACK))["d"]
    assert decoded["huge"] == str(2 ** 70)
    assert decoded["surrogate"] == "a\ufffdb"
    assert math.isnan(decoded["nan"]) and decoded["fine"] == "ok"


def test_one_event_reaches_every_client_whatever_its_codec():
    async def run():
        service = ControlService(engine=None, password="x", port=0)
        clients = [ClientQueue(Connection(codec), subscriptions=(1 << 11) - 1) for codec in (None, MSGPACK, "obswebsocket.json")]
        service._clients.update(clients)
        service.broadcast("CustomEvent", UNCARRIABLE, 1, vendor=False)
        return clients
    clients = asyncio.run(run())
    assert all(len(client.events) == 1 for client in clients)
    assert json.loads(clients[0].events[0])["d"]["eventData"]["fine"] == "ok"
    assert msgpack.unpackb(clients[1].events[0])["d"]["eventData"]["huge"] == str(2 ** 70)


def test_events_queued_for_a_client_are_capped_in_bytes_and_count():
    async def run():
        client = ClientQueue(Connection(None), subscriptions=1)
        for _ in range(10):
            client.send_event("x" * (MAX_QUEUED_BYTES_PER_CLIENT // 4))
        by_bytes = (client.queued_bytes, client.missed)
        small = ClientQueue(Connection(None), subscriptions=1)
        for _ in range(MAX_QUEUED_EVENTS_PER_CLIENT + 10):
            small.send_event("y")
        return by_bytes, (len(small.events), small.missed)
    (queued_bytes, missed), (count, small_missed) = asyncio.run(run())
    assert queued_bytes <= MAX_QUEUED_BYTES_PER_CLIENT and missed == 6
    assert count == MAX_QUEUED_EVENTS_PER_CLIENT and small_missed == 10


@pytest.mark.parametrize("failures", [1, 2, 5, 1024, 1025, 10 ** 6])
def test_the_auth_delay_is_capped_and_never_overflows(failures):
    from studio.gateway.auth_throttle import failure_delay_s
    from studio.gateway.limits import AUTH_MAX_DELAY_S
    assert 0 < failure_delay_s(failures) <= AUTH_MAX_DELAY_S


def test_parallel_failures_from_one_address_are_answered_one_delay_apart():
    from studio.gateway.auth_throttle import AuthThrottle, failure_delay_s
    now = [100.0]
    throttle = AuthThrottle(clock=lambda: now[0])
    delays = [throttle.failed("10.0.0.9") for _ in range(5)]     # five guesses in the same instant
    assert delays == sorted(delays) and delays[-1] == pytest.approx(sum(failure_delay_s(n) for n in range(1, 6)))
    assert throttle.failed("127.0.0.2") == failure_delay_s(1)       # another address is not slowed
    throttle.succeeded("10.0.0.9")
    assert throttle.failures("10.0.0.9") == 0
