"""The host view's link and the console's hand the window a snapshot and the events in the order the engine
sent them.

A snapshot is answered before the events that follow it; were the snapshot handed over after them,
it would undo them (a clean-clone run: the countdown started just after a snapshot was answered never
showed in the host view, the older snapshot having wiped it). A real WebSocket server speaking the
protocol answers GetShowState and sends CountdownChanged straight after the answer, in one burst.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from PySide6.QtCore import Qt
from websockets.sync.server import serve as ws_serve

from studio.ui.engine_link import EngineLink
from studio.ui.host_link import HostLink
from studio.wire import commands
from studio.wire.client import ControlClient
from studio.wire.protocol import RPC_VERSION, VENDOR_NAME, Op

ROUNDS = 30


def _answer_then_event(connection) -> None:
    connection.send(json.dumps({"op": int(Op.HELLO), "d": {"obsWebSocketVersion": "5.5.0", "rpcVersion": RPC_VERSION}}))
    connection.recv()
    connection.send(json.dumps({"op": int(Op.IDENTIFIED), "d": {"negotiatedRpcVersion": RPC_VERSION}}))
    for text in connection:
        request = json.loads(text)["d"]
        answer = {"requestType": request["requestType"], "requestId": request["requestId"],
                  "requestStatus": {"result": True, "code": 100},
                  "responseData": {"vendorName": VENDOR_NAME, "requestType": "GetShowState",
                                   "responseData": {"countdown": None}}}
        event = {"eventType": "VendorEvent", "eventIntent": 512,
                 "eventData": {"vendorName": VENDOR_NAME, "eventType": "CountdownChanged",
                               "eventData": {"countdown": {"label": "Deal ends in", "remaining_s": 300}}}}
        connection.send(json.dumps({"op": int(Op.REQUEST_RESPONSE), "d": answer}))
        connection.send(json.dumps({"op": int(Op.EVENT), "d": event}))


@pytest.fixture
def engine_url():
    server = ws_serve(_answer_then_event, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"ws://127.0.0.1:{server.socket.getsockname()[1]}"
    server.shutdown()


def test_a_snapshot_reaches_the_window_before_the_events_sent_after_it(engine_url, qapp):
    heard: list[str] = []
    lock = threading.Lock()

    def hear(what: str) -> None:
        with lock:
            heard.append(what)

    link = HostLink(lambda: ControlClient(engine_url, ""))
    # Direct: recorded in the thread and the order the link emits them, which is the order Qt queues them in.
    link.state_received.connect(lambda *_: hear("snapshot"), Qt.ConnectionType.DirectConnection)
    link.event_received.connect(lambda event_type, *_: hear(event_type), Qt.ConnectionType.DirectConnection)
    link.start()
    try:
        for round_number in range(1, ROUNDS + 1):
            if round_number > 1:
                link.refresh()
            deadline = time.monotonic() + 30.0
            while len(heard) < 2 * round_number:
                assert time.monotonic() < deadline, heard
                time.sleep(0.002)
        assert heard == ["snapshot", "CountdownChanged"] * ROUNDS
    finally:
        link.stop()


def test_the_console_gets_a_snapshot_before_the_events_sent_after_it(engine_url, qapp):
    heard: list[str] = []
    link = EngineLink(lambda on_event: _connected(engine_url, on_event))
    link.event_received.connect(lambda event_type, _: heard.append(event_type))
    link.connect_to_engine()
    try:
        for round_number in range(1, ROUNDS + 1):
            link.call(commands.GetShowState(), on_done=lambda *_: heard.append("snapshot"))
            deadline = time.monotonic() + 30.0
            while len(heard) < 2 * round_number:      # queued to this (the UI) thread: delivered here
                assert time.monotonic() < deadline, heard
                qapp.processEvents()
                time.sleep(0.002)
        assert heard == ["snapshot", "CountdownChanged"] * ROUNDS
    finally:
        link.close()


def _connected(url: str, on_event) -> ControlClient:
    client = ControlClient(url, "")
    client.on_event(on_event)
    return client.connect()
