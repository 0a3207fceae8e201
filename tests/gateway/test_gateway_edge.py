"""What a client sends is checked at the gateway's edge and answered, within named limits (issue 21).

Each test speaks the real protocol over a real socket to a real `studio engine` (its gateway
process); each limit is the named constant in studio/gateway/limits.py.
"""

from __future__ import annotations

import json
import socket
import time

import msgpack
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from studio.gateway import limits
from studio.wire.protocol import RPC_VERSION, VENDOR_NAME, Status, auth_response
from tests.fixtures.engine import shared_engine

pytestmark = [pytest.mark.slow]

engine = shared_engine("friday", "--size", "320x180")


def opened(url: str, subprotocol: str | None = None):
    return connect(url, subprotocols=[subprotocol] if subprotocol else None, open_timeout=30).__enter__()


def identified(engine, subprotocol: str | None = None):
    socket_ = opened(engine.url, subprotocol)
    pack = (lambda m: msgpack.packb(m)) if subprotocol == "obswebsocket.msgpack" else json.dumps
    unpack = (lambda t: msgpack.unpackb(t)) if subprotocol == "obswebsocket.msgpack" else json.loads
    auth = unpack(socket_.recv(timeout=30))["d"]["authentication"]
    socket_.send(pack({"op": 1, "d": {"rpcVersion": RPC_VERSION,
                                     "authentication": auth_response(engine.password, auth["salt"], auth["challenge"])}}))
    assert unpack(socket_.recv(timeout=30))["op"] == 2
    return socket_, pack, unpack


def answer_to(socket_, unpack, request_id: str) -> dict:
    while True:
        message = unpack(socket_.recv(timeout=30))
        if message["op"] in (7, 9) and message["d"].get("requestId") == request_id:
            return message["d"]


def close_code(socket_) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            socket_.recv(timeout=30)
    return closed.value.rcvd.code if closed.value.rcvd else 1006


def test_deep_nesting_before_identify_is_refused_with_a_protocol_code(engine):
    with opened(engine.url) as socket_:
        socket_.recv(timeout=30)
        socket_.send("[" * 100_000 + "]" * 100_000)     # used to close 1011 after a RecursionError
        assert close_code(socket_) == 4002


def test_nesting_past_the_limit_is_refused(engine):
    with opened(engine.url) as socket_:
        socket_.recv(timeout=30)
        nested: dict = {}
        for _ in range(limits.MAX_DEPTH + 2):
            nested = {"a": nested}
        socket_.send(json.dumps({"op": 1, "d": {"rpcVersion": 1, "x": nested}}))
        assert close_code(socket_) == 4005


@pytest.mark.parametrize("d", ["not an object", [1, 2], None])
def test_identify_whose_d_is_not_an_object_is_closed_with_a_protocol_code(engine, d):
    with opened(engine.url) as socket_:
        socket_.recv(timeout=30)
        socket_.send(json.dumps({"op": 1, "d": d}))
        assert close_code(socket_) in (4003, 4004)    # used to be 1011 with a traceback


def test_a_lone_surrogate_is_refused_with_an_answer_and_the_connection_stays(engine):
    socket_, pack, unpack = identified(engine)
    with socket_:
        socket_.send('{"op": 6, "d": {"requestType": "CallVendorRequest", "requestId": "s", "requestData": '
                     '{"vendorName": "live-shopping-studio", "requestType": "AddMarker", '
                     '"requestData": {"text": "bad \\ud800 text"}}}}')
        answer = answer_to(socket_, unpack, "s")
        assert answer["requestStatus"]["code"] == Status.INVALID_REQUEST_FIELD
        assert "surrogate" in answer["requestStatus"]["comment"]
        socket_.send(pack({"op": 6, "d": {"requestType": "GetVersion", "requestId": "v"}}))
        assert answer_to(socket_, unpack, "v")["requestStatus"]["result"] is True


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_at_the_edge(engine, constant):
    socket_, pack, unpack = identified(engine)
    with socket_:
        socket_.send('{"op": 6, "d": {"requestType": "BroadcastCustomEvent", "requestId": "n", '
                     '"requestData": {"eventData": {"x": %s}}}}' % constant)
        assert close_code(socket_) == 4002


def test_a_custom_event_reaches_clients_of_both_codecs(engine):
    json_socket, _, json_unpack = identified(engine)
    msgpack_socket, pack, msgpack_unpack = identified(engine, "obswebsocket.msgpack")
    with json_socket, msgpack_socket:
        msgpack_socket.send(pack({"op": 6, "d": {"requestType": "BroadcastCustomEvent", "requestId": "e",
                                                 "requestData": {"eventData": {"tag": "codec", "x": 1.5}}}}))
        answer = answer_to(msgpack_socket, msgpack_unpack, "e")
        assert answer["requestStatus"]["result"] is True

        def custom_event(socket_, unpack) -> dict:
            while True:
                message = unpack(socket_.recv(timeout=30))
                if message["op"] == 5 and message["d"]["eventType"] == "CustomEvent":
                    return message["d"]["eventData"]
        assert custom_event(json_socket, json_unpack) == {"tag": "codec", "x": 1.5}
        assert custom_event(msgpack_socket, msgpack_unpack) == {"tag": "codec", "x": 1.5}


def test_a_batch_costs_its_size_and_has_a_size_limit(engine):
    socket_, pack, unpack = identified(engine)
    with socket_:
        too_many = [{"requestType": "GetVersion"}] * (limits.MAX_REQUESTS_PER_BATCH + 1)
        socket_.send(pack({"op": 8, "d": {"requestId": "big", "requests": too_many}}))
        answer = answer_to(socket_, unpack, "big")
        assert answer["results"][0]["requestStatus"]["code"] == Status.REQUEST_FIELD_OUT_OF_RANGE
        assert str(limits.MAX_REQUESTS_PER_BATCH) in answer["results"][0]["requestStatus"]["comment"]
        # a full batch spends the whole burst: the next request at once is refused for the rate
        full = [{"requestType": "Sleep", "requestData": {"sleepMillis": 0}}] * limits.REQUEST_BURST
        socket_.send(pack({"op": 8, "d": {"requestId": "full", "requests": full}}))
        socket_.send(pack({"op": 8, "d": {"requestId": "again", "requests": full}}))
        answers = {}
        while len(answers) < 2:        # the refusal may come first
            message = unpack(socket_.recv(timeout=30))
            if message["op"] == 9:
                answers[message["d"]["requestId"]] = message["d"]["results"][0]["requestStatus"]["code"]
        assert answers["full"] == Status.SUCCESS and answers["again"] == Status.NOT_READY


def test_a_ping_flood_drops_the_connection(engine):
    with opened(engine.url) as socket_:
        socket_.recv(timeout=30)
        with pytest.raises(ConnectionClosed):
            for index in range(10_000):
                socket_.ping(str(index).encode())
                time.sleep(0.0005)
                assert index < 9_999, "never dropped"


def test_connections_past_the_limit_from_one_address_are_refused_at_the_handshake(engine):
    held = []
    try:
        with pytest.raises(InvalidStatus) as refused:
            for _ in range(limits.MAX_CONNECTIONS_PER_ADDRESS + limits.MAX_UNIDENTIFIED_PER_ADDRESS + 1):
                held.append(opened(engine.url))
        assert refused.value.response.status_code == 503
    finally:
        for socket_ in held:
            socket_.close()


def test_engine_keeps_answering_after_the_edge_tests(engine):
    with engine.client() as client:
        assert client.vendor("GetShowState")["frame"] > 0
    assert engine.process.poll() is None


def test_the_raw_socket_gets_a_http_answer_not_a_crash(engine):
    host, port = engine.url.removeprefix("ws://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 ")


def test_a_right_password_is_never_held_behind_wrong_ones_from_the_same_address(engine):
    # Five wrong guesses at once from 127.0.0.1 are answered one growing delay apart (the last about
    # 7.75 s later); the producer's right password, sent after them from the same address, is
    # identified while the last wrong one still waits for its answer.
    wrong = []
    for _ in range(5):
        socket_ = opened(engine.url)
        socket_.recv(timeout=30)
        socket_.send(json.dumps({"op": 1, "d": {"rpcVersion": RPC_VERSION, "authentication": "wrong"}}))
        wrong.append(socket_)
    right, pack, unpack = identified(engine)
    with right:
        with pytest.raises(TimeoutError):
            wrong[-1].recv(timeout=0)            # still waiting: not answered yet
        for socket_ in wrong:
            with socket_:
                assert close_code(socket_) == 4009
        right.send(pack({"op": 6, "d": {"requestType": "GetVersion", "requestId": "after"}}))
        assert answer_to(right, unpack, "after")["requestStatus"]["result"] is True


def test_an_identified_client_pinging_past_the_rate_is_dropped(engine):
    socket_, pack, unpack = identified(engine)
    with socket_:
        with pytest.raises(ConnectionClosed):
            for index in range(10_000):
                socket_.ping(str(index).encode())
                time.sleep(0.001)
                assert index < 9_999, "never dropped"


def test_connections_past_the_limit_in_all_are_refused_at_the_handshake(engine):
    # Loopback is a whole range: connections from several source addresses, each under its own
    # limit, together past the total.
    port = int(engine.url.rsplit(":", 1)[1])
    held = []

    def from_address(index: int):
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.bind((f"127.0.0.{2 + index // limits.MAX_UNIDENTIFIED_PER_ADDRESS}", 0))
        raw.connect(("127.0.0.1", port))
        return connect(engine.url, sock=raw, open_timeout=30).__enter__()

    try:
        with pytest.raises(InvalidStatus) as refused:
            for index in range(limits.MAX_CONNECTIONS + 1):
                socket_ = from_address(index)
                socket_.recv(timeout=30)
                held.append(socket_)
        assert refused.value.response.status_code == 503
        assert len(held) == limits.MAX_CONNECTIONS
    finally:
        for socket_ in held:
            socket_.close()


def test_one_client_waiting_on_the_engine_cannot_hold_every_other_clients_turn(engine):
    # 70 frame-paced sleeps at once would take every slot to the engine (64); one client's share is
    # capped, so another client's state request is answered while they all still wait.
    greedy, pack, unpack = identified(engine)
    other, other_pack, other_unpack = identified(engine)
    with greedy, other:
        for index in range(70):
            greedy.send(pack({"op": 8, "d": {"requestId": f"sleep{index}", "executionType": 1, "requests": [
                {"requestType": "Sleep", "requestData": {"sleepFrames": 150}}]}}))
        time.sleep(0.5)   # let them reach the engine (not a timing assertion: the order below is)
        other.send(other_pack({"op": 6, "d": {"requestType": "CallVendorRequest", "requestId": "state", "requestData": {
            "vendorName": VENDOR_NAME, "requestType": "GetShowState"}}}))
        assert answer_to(other, other_unpack, "state")["requestStatus"]["result"] is True
        while True:                        # none of the sleeps has ended yet (events may have come)
            try:
                message = unpack(greedy.recv(timeout=0))
            except TimeoutError:
                break
            assert message["op"] != 9, "a sleep ended before the other client was answered"
