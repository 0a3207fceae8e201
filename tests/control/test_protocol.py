"""The control API refuses what it must and stays up: auth, bad requests, big and fast clients."""

from __future__ import annotations

import json
import threading
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from studio.wire.client import ControlClient, ControlError
from studio.wire.protocol import RPC_VERSION, auth_response
from studio.gateway.server import ControlService
from studio.errors import UserInputError

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


def hello(socket) -> dict:
    return json.loads(socket.recv(timeout=10))["d"]


def identify(socket, authentication) -> None:
    socket.send(json.dumps({"op": 1, "d": {"rpcVersion": RPC_VERSION, "authentication": authentication}}))


def closed_code(socket) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        socket.recv(timeout=15)
    return closed.value.rcvd.code


@pytest.mark.parametrize("password", ["wrong", ""])
def test_wrong_or_no_password_is_refused(engine, password):
    with pytest.raises(ControlError) as refused:
        ControlClient(engine.url, password).connect()
    assert refused.value.code == 4009


def test_a_challenge_answered_for_another_connection_is_refused(engine):
    with connect(engine.url).__enter__() as first, connect(engine.url).__enter__() as second:
        first_hello, _ = hello(first), hello(second)
        replayed = auth_response(engine.password, first_hello["authentication"]["salt"],
                                 first_hello["authentication"]["challenge"])
        identify(second, replayed)
        assert closed_code(second) == 4009
        identify(first, replayed)  # the same answer is good on its own connection
        assert json.loads(first.recv(timeout=10))["op"] == 2


def test_listening_beyond_loopback_needs_the_explicit_flag():
    with pytest.raises(UserInputError, match="--control-listen"):
        ControlService(engine=None, password="x", host="0.0.0.0", port=0)


def test_unknown_requests_and_wrong_types_get_clear_errors_and_the_connection_stays(engine):
    with engine.client() as client:
        with pytest.raises(ControlError) as unknown:
            client.request("MakeCoffee")
        assert unknown.value.code == 204 and "MakeCoffee" in unknown.value.comment
        with pytest.raises(ControlError) as unknown_vendor:
            client.vendor("MakeCoffee")
        assert unknown_vendor.value.code == 204 and "TakeProduct" in unknown_vendor.value.comment
        with pytest.raises(ControlError) as wrong_type:
            client.vendor("JumpToSegment", {"index": "two"})
        assert wrong_type.value.code == 401 and "'index'" in wrong_type.value.comment
        with pytest.raises(ControlError) as missing:
            client.vendor("TakeProduct", {})
        assert missing.value.code == 300 and "'sku'" in missing.value.comment
        with pytest.raises(ControlError) as unknown_product:
            client.vendor("TakeProduct", {"sku": "NOPE"})
        assert unknown_product.value.code == 600 and "NOPE" in unknown_product.value.comment
        with pytest.raises(ControlError) as bad_graphic:
            client.vendor("ShowGraphic", {"kind": "callout", "params": {"bogus_param": 1}})
        assert "bogus_param" in bad_graphic.value.comment
        with pytest.raises(ControlError) as bad_price:
            client.vendor("SetPrice", {"sku": "TV-55-4K", "price": "lots"})
        assert "price" in bad_price.value.comment
        assert client.request("GetVersion")["rpcVersion"] == RPC_VERSION


def test_a_one_megabyte_message_is_refused_and_the_engine_goes_on(engine):
    client = engine.client()
    try:
        with pytest.raises(ControlError) as refused:
            client.vendor("AddMarker", {"text": "x" * (1024 * 1024)})
        assert refused.value.code in (0, 1009)
    finally:
        client.close()
    with engine.client() as again:
        assert again.request("GetVersion")["rpcVersion"] == RPC_VERSION


def test_a_thousand_requests_a_second_for_ten_seconds_get_clear_answers_and_the_show_keeps_time(engine):
    answers: list[dict] = []
    with connect(engine.url, max_size=None).__enter__() as socket:
        auth = hello(socket)["authentication"]
        identify(socket, auth_response(engine.password, auth["salt"], auth["challenge"]))
        socket.send(json.dumps({"op": 3, "d": {"eventSubscriptions": 0}}))  # answers only
        assert json.loads(socket.recv(timeout=10))["op"] == 2
        assert json.loads(socket.recv(timeout=10))["op"] == 2

        def read() -> None:
            while len(answers) < 10_001:
                answers.append(json.loads(socket.recv(timeout=30))["d"])

        reader = threading.Thread(target=read)
        reader.start()
        started = time.monotonic()
        socket.send(json.dumps({"op": 6, "d": {"requestType": "CallVendorRequest", "requestId": "before",
                                               "requestData": {"vendorName": "live-shopping-studio",
                                                               "requestType": "GetShowState"}}}))
        for index in range(10_000):
            kind = ("GetVersion", "GetCurrentProgramScene", "NoSuchRequest", "GetStats")[index % 4]
            socket.send(json.dumps({"op": 6, "d": {"requestType": kind, "requestId": str(index)}}))
            time.sleep(max(0.0, started + (index + 1) / 1000 - time.monotonic()))
        reader.join(60)
    by_id = {answer["requestId"]: answer for answer in answers}
    assert len(by_id) == 10_001
    codes = [by_id[str(i)]["requestStatus"]["code"] for i in range(10_000)]
    # Each answered: done, unknown (named), or refused for going past the per-client rate.
    assert all(code == 204 for code in codes[2::4] if code != 207)
    assert set(codes) == {100, 204, 207}
    assert 150 * 10 < codes.count(100) + codes.count(204) < 250 * 10 + 100
    refused = next(by_id[str(i)] for i, code in enumerate(codes) if code == 207)
    assert "at most 200 a second" in refused["requestStatus"]["comment"]
    skipped_before = by_id["before"]["responseData"]["responseData"]["stats"]["frames_skipped"]
    with engine.client() as client:
        skipped_after = client.vendor("GetShowState")["stats"]["frames_skipped"]
    assert skipped_after == skipped_before, "the engine skipped frames while answering (or the machine was loaded)"
