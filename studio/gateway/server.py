"""The control service: obs-websocket v5 over WebSocket, on its own thread (asyncio).

It authenticates clients, parses requests and answers them; anything that
changes the show is a typed command queued for the engine thread. Events from
the engine are serialised here and put on each client's bounded queue: a client
that stops reading loses the oldest events (and is told how many), never slows
the engine, never grows memory without bound.
"""

from __future__ import annotations

import asyncio
import collections
import ipaddress
import json
import logging
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import msgpack
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.core.live.events import Event, EventBus
from studio.wire.protocol import (
    MAX_MESSAGE_BYTES, OBS_WEBSOCKET_VERSION, RPC_VERSION, VENDOR_NAME, BatchExecution, CloseCode, Op, Status,
    Subscription, auth_matches, new_salt_and_challenge,
)
from studio.core.live.destination_requests import disabled_listing
from studio.gateway.requests import REQUESTS, slow_vendor_request
from studio.core.show.db import open_database
from studio.errors import StudioError, UserInputError

log = logging.getLogger(__name__)

EVENT_QUEUE_LIMIT = 256
ENGINE_ANSWER_TIMEOUT_S = 10.0
IDENTIFY_TIMEOUT_S = 10.0
MAX_AUTH_DELAY_S = 5.0
MAX_SLEEP_MS = 50_000
MAX_SLEEP_FRAMES = 10_000
# Kernel send buffer per client: with our bounded queue and websockets' write limit it caps what a
# client that stops reading can hold in this process (the kernel would otherwise grow it to MBs).
CLIENT_SEND_BUFFER_BYTES = 64 * 1024
# Per client: a Stream Deck sends a few requests a second; a runaway script must not starve the
# engine thread of the GIL. Beyond the rate, requests are refused at once with a clear reason.
REQUESTS_PER_S = 200
REQUEST_BURST = 100


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


MSGPACK = "obswebsocket.msgpack"


def encode(message: dict, codec: str | None) -> str | bytes:
    """JSON text, or MessagePack binary for clients that asked for obswebsocket.msgpack
    (obs-websocket-js under Node, hence Companion, does)."""
    return msgpack.packb(message) if codec == MSGPACK else json.dumps(message)


class _Client:
    """One connection's outgoing side: responses always go out; events are bounded."""

    def __init__(self, websocket: ServerConnection, subscriptions: int):
        self.websocket = websocket
        self.codec = websocket.subprotocol
        self.subscriptions = subscriptions
        self.responses: collections.deque[str] = collections.deque()
        self.events: collections.deque[str] = collections.deque()
        self.missed = 0
        self.wake = asyncio.Event()
        self.identified = False
        self._tokens = float(REQUEST_BURST)
        self._tokens_at = time.monotonic()

    def take_token(self) -> bool:
        now = time.monotonic()
        self._tokens = min(REQUEST_BURST, self._tokens + (now - self._tokens_at) * REQUESTS_PER_S)
        self._tokens_at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def send_response(self, message: dict) -> None:
        self.responses.append(encode(message, self.codec))
        self.wake.set()

    def send_event(self, text: str | bytes) -> None:
        if len(self.events) >= EVENT_QUEUE_LIMIT:
            self.events.popleft()
            self.missed += 1
        self.events.append(text)
        self.wake.set()

    async def sender(self, counter: list[int]) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.responses or self.events:
                if self.responses:
                    text = self.responses.popleft()
                elif self.missed:
                    text = encode(_event("VendorEvent", {"vendorName": VENDOR_NAME, "eventType": "EventsMissed",
                                                         "eventData": {"count": self.missed}}, Subscription.VENDORS),
                                  self.codec)
                    self.missed = 0
                else:
                    text = self.events.popleft()
                await self.websocket.send(text)
                counter[0] += 1


def _event(event_type: str, data: dict, intent: int) -> dict:
    return {"op": int(Op.EVENT), "d": {"eventType": event_type, "eventIntent": int(intent), "eventData": data}}


class ControlService:
    def __init__(self, live, bus: EventBus, password: str, host: str = "127.0.0.1", port: int = 4460,
                 allow_remote: bool = False):
        """`live` is the engine's LiveControl. A non-loopback `host` needs `allow_remote`
        (the engine's --control-listen), so nobody exposes the show to a network by accident."""
        if not is_loopback(host) and not allow_remote:
            raise UserInputError(f"control address {host}: not a loopback address; "
                                 "listening on a network needs --control-listen HOST:PORT")
        self.live = live
        self.session = live.session
        self.bus = bus
        self._password = password
        self.host, self.port = host, port
        self._salt, _ = new_salt_and_challenge()
        self._clients: set[_Client] = set()
        self._failures: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._error: BaseException | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="control worker")
        db_path = self.session.plan.show.db_path
        self.db = open_database(db_path) if db_path is not None else None
        self.show_name = self.session.plan.show.name
        # before the engine runs: the stored destinations switched off, listed (off) in the state
        live.disabled_destinations.update(disabled_listing(self.db))
        self.incoming = self.outgoing = 0
        self._outgoing = [0]

    def __repr__(self) -> str:
        return f"ControlService({self.host}:{self.port})"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}"

    # -- lifecycle (any thread) -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="control service", daemon=True)
        self._thread.start()
        self._ready.wait(10.0)
        if self._error is not None:
            raise UserInputError(f"control address {self.host}:{self.port}: cannot listen "
                                 f"({getattr(self._error, 'strerror', None) or type(self._error).__name__})")
        threading.Thread(target=self._pump_events, name="control events", daemon=True).start()

    def stop(self) -> None:
        """Deliver what the engine said last (ExitStarted, the final states), then close every client."""
        self._stopping.set()
        while (event := self.bus.get(0)) is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._broadcast, event)
        time.sleep(0.2)  # the senders write what was just queued
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._shutdown.set)
        if self._thread is not None:
            self._thread.join(5.0)
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as error:  # reported to start()
            self._error = error
            self._ready.set()

    async def _serve(self) -> None:
        self._shutdown = asyncio.Event()
        # No permessage-deflate: compressing every event for every client would cost the engine
        # process CPU (under the GIL) to save bytes on a loopback socket.
        async with serve(self._connection, self.host, self.port, max_size=MAX_MESSAGE_BYTES, compression=None,
                         select_subprotocol=_select_subprotocol) as server:
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._shutdown.wait()
            for client in list(self._clients):
                await client.websocket.close(1001, "the engine is stopping")

    def _pump_events(self) -> None:
        while not self._stopping.is_set():
            event = self.bus.get(0.2)
            if event is not None and self._loop is not None:
                self._loop.call_soon_threadsafe(self._broadcast, event)

    def _broadcast(self, event: Event) -> None:
        if event.vendor:
            message = _event("VendorEvent", {"vendorName": VENDOR_NAME, "eventType": event.event_type,
                                             "eventData": event.data}, Subscription.VENDORS)
        else:
            message = _event(event.event_type, event.data, event.intent)
        encoded: dict[str | None, str | bytes] = {}  # serialised once per codec, not per client
        for client in self._clients:
            if client.identified and client.subscriptions & event.intent:
                if client.codec not in encoded:
                    encoded[client.codec] = encode(message, client.codec)
                client.send_event(encoded[client.codec])

    # -- one connection ------------------------------------------------------------------------------

    async def _connection(self, websocket: ServerConnection) -> None:
        peer = websocket.remote_address[0] if websocket.remote_address else "?"
        sock = websocket.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CLIENT_SEND_BUFFER_BYTES)
        _, challenge = new_salt_and_challenge()
        await websocket.send(encode({"op": int(Op.HELLO), "d": {
            "obsWebSocketVersion": OBS_WEBSOCKET_VERSION, "rpcVersion": RPC_VERSION,
            "authentication": {"challenge": challenge, "salt": self._salt}}}, websocket.subprotocol))
        try:
            identify = await asyncio.wait_for(self._receive(websocket), IDENTIFY_TIMEOUT_S)
        except (asyncio.TimeoutError, ConnectionClosed):
            return
        if identify is None:
            return
        if identify.get("op") != Op.IDENTIFY:
            await websocket.close(CloseCode.NOT_IDENTIFIED, "identify first (op 1)")
            return
        data = identify.get("d") or {}
        if data.get("rpcVersion") != RPC_VERSION:
            await websocket.close(CloseCode.UNSUPPORTED_RPC_VERSION, f"rpcVersion {RPC_VERSION} only")
            return
        if not auth_matches(self._password, self._salt, challenge, data.get("authentication")):
            failures = self._failures[peer] = self._failures.get(peer, 0) + 1
            await asyncio.sleep(min(MAX_AUTH_DELAY_S, 0.25 * 2 ** (failures - 1)))
            log.warning("control: authentication failed from %s (%d in a row)", peer, failures)
            await websocket.close(CloseCode.AUTHENTICATION_FAILED, "authentication failed")
            return
        self._failures.pop(peer, None)
        client = _Client(websocket, _subscriptions(data))
        client.identified = True
        self._clients.add(client)
        sender = asyncio.create_task(client.sender(self._outgoing))
        client.send_response({"op": Op.IDENTIFIED, "d": {"negotiatedRpcVersion": RPC_VERSION}})
        tasks: set[asyncio.Task] = set()
        try:
            while True:
                message = await self._receive(websocket)
                if message is None:
                    break
                self.incoming += 1
                op, body = message.get("op"), message.get("d")
                if not isinstance(body, dict):
                    await websocket.close(CloseCode.MISSING_DATA_FIELD, "every message needs a `d` object")
                    break
                if op in (Op.REQUEST, Op.REQUEST_BATCH) and not client.take_token():
                    client.send_response(_too_many(op, body))
                    continue
                if op == Op.REQUEST:
                    task = asyncio.create_task(self._answer(client, body))
                elif op == Op.REQUEST_BATCH:
                    task = asyncio.create_task(self._answer_batch(client, body))
                elif op == Op.REIDENTIFY:
                    client.subscriptions = _subscriptions(body)
                    client.send_response({"op": Op.IDENTIFIED, "d": {"negotiatedRpcVersion": RPC_VERSION}})
                    continue
                elif op == Op.IDENTIFY:
                    await websocket.close(CloseCode.ALREADY_IDENTIFIED, "already identified")
                    break
                else:
                    await websocket.close(CloseCode.UNKNOWN_OP_CODE, f"unknown op {op!r}")
                    break
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                # A client that sends faster than it reads its answers waits here, not in our memory.
                while len(client.responses) > EVENT_QUEUE_LIMIT * 4:
                    await asyncio.sleep(0.01)
        finally:
            self._clients.discard(client)
            sender.cancel()
            for task in tasks:
                task.cancel()

    async def _receive(self, websocket: ServerConnection) -> dict | None:
        try:
            text = await websocket.recv()
        except ConnectionClosed:
            return None
        try:
            message = msgpack.unpackb(text) if websocket.subprotocol == MSGPACK else json.loads(text)
        except (ValueError, TypeError, msgpack.UnpackException):
            await websocket.close(CloseCode.MESSAGE_DECODE_ERROR,
                                  "messages are MessagePack" if websocket.subprotocol == MSGPACK else "messages are JSON text")
            return None
        if not isinstance(message, dict):
            await websocket.close(CloseCode.MESSAGE_DECODE_ERROR, "messages are JSON objects")
            return None
        return message

    # -- requests -------------------------------------------------------------------------------------

    async def _answer(self, client: _Client, body: dict) -> None:
        client.send_response({"op": Op.REQUEST_RESPONSE, "d": await self._run_request(body)})

    async def _run_request(self, body: dict, frame_paced: bool = False) -> dict:
        request_type, request_id = body.get("requestType"), body.get("requestId")
        response = {"requestType": request_type, "requestId": request_id}
        try:
            if not isinstance(request_type, str) or not request_type:
                raise CommandError(Status.MISSING_REQUEST_TYPE, "missing requestType")
            handler = REQUESTS.get(request_type)
            if handler is None:
                raise CommandError(Status.UNKNOWN_REQUEST_TYPE, f"unknown request {request_type!r} (see GetVersion's availableRequests)")
            data = body.get("requestData") or {}
            if not isinstance(data, dict):
                raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request_type}: requestData must be an object")
            api = _Api(self, frame_paced)
            answer = await handler(api, data)
        except CommandError as error:
            response["requestStatus"] = {"result": False, "code": error.code, "comment": error.comment}
            return response
        except StudioError as error:
            response["requestStatus"] = {"result": False, "code": int(Status.INVALID_REQUEST_FIELD), "comment": str(error)}
            return response
        except Exception as error:
            log.exception("control request %s failed", request_type)
            response["requestStatus"] = {"result": False, "code": int(Status.REQUEST_PROCESSING_FAILED),
                                         "comment": f"{request_type} failed ({type(error).__name__})"}
            return response
        response["requestStatus"] = {"result": True, "code": int(Status.SUCCESS)}
        if answer:
            response["responseData"] = answer
        return response

    async def _answer_batch(self, client: _Client, body: dict) -> None:
        execution = body.get("executionType", BatchExecution.SERIAL_REALTIME)
        requests = body.get("requests")
        reply = {"op": Op.REQUEST_BATCH_RESPONSE, "d": {"requestId": body.get("requestId"), "results": []}}
        if execution not in (BatchExecution.SERIAL_REALTIME, BatchExecution.SERIAL_FRAME) or not isinstance(requests, list):
            reply["d"]["results"] = [{"requestType": None, "requestStatus": {
                "result": False, "code": int(Status.UNSUPPORTED_BATCH_EXECUTION_TYPE),
                "comment": "executionType 0 (SerialRealtime) or 1 (SerialFrame), with a `requests` list"}}]
            client.send_response(reply)
            return
        for request in requests:
            result = await self._run_request(request if isinstance(request, dict) else {},
                                             frame_paced=execution == BatchExecution.SERIAL_FRAME)
            reply["d"]["results"].append(result)
            if body.get("haltOnFailure") and not result["requestStatus"]["result"]:
                break
        client.send_response(reply)


class _Api:
    """What a request handler may use; one per request."""

    def __init__(self, service: ControlService, frame_paced: bool):
        self.service = service
        self.frame_paced = frame_paced
        self.session, self.bus, self.db, self.show_name = service.session, service.bus, service.db, service.show_name
        self.incoming, self.outgoing = service.incoming, service._outgoing[0]

    async def engine(self, command: c.Command) -> dict:
        future = self.service.live.queue.submit(command)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), ENGINE_ANSWER_TIMEOUT_S)
        except asyncio.TimeoutError:
            future.cancel()
            raise CommandError(Status.REQUEST_PROCESSING_FAILED, "the engine did not answer in time") from None

    async def worker(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.service._worker, function, *args)

    async def slow(self, command: c.Command) -> dict:
        return await slow_vendor_request(self, command)

    async def sleep(self, data: dict) -> dict:
        if "sleepFrames" in data:
            frames = data["sleepFrames"]
            if not self.frame_paced:
                raise CommandError(Status.CANNOT_ACT, "Sleep: sleepFrames works in SerialFrame batches only")
            if isinstance(frames, bool) or not isinstance(frames, int) or not 0 <= frames <= MAX_SLEEP_FRAMES:
                raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"Sleep: sleepFrames must be 0..{MAX_SLEEP_FRAMES}")
            await self.engine(c.WaitFrames(frames=frames))
            return {}
        millis = data.get("sleepMillis")
        if isinstance(millis, bool) or not isinstance(millis, (int, float)) or not 0 <= millis <= MAX_SLEEP_MS:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"Sleep: sleepMillis must be 0..{MAX_SLEEP_MS}")
        await asyncio.sleep(millis / 1000)
        return {}


def _too_many(op: int, body: dict) -> dict:
    status = {"result": False, "code": int(Status.NOT_READY),
              "comment": f"too many requests: at most {REQUESTS_PER_S} a second per client; slow down"}
    if op == Op.REQUEST_BATCH:
        return {"op": int(Op.REQUEST_BATCH_RESPONSE), "d": {"requestId": body.get("requestId"), "results": [
            {"requestType": None, "requestStatus": status}]}}
    return {"op": int(Op.REQUEST_RESPONSE), "d": {"requestType": body.get("requestType"),
                                                  "requestId": body.get("requestId"), "requestStatus": status}}


def _subscriptions(data: dict) -> int:
    value = data.get("eventSubscriptions", int(Subscription.ALL))
    return value if isinstance(value, int) and not isinstance(value, bool) else int(Subscription.ALL)


def _select_subprotocol(connection, subprotocols):
    # obs-websocket clients ask for obswebsocket.json or .msgpack; plain clients ask for nothing (JSON).
    for wanted in ("obswebsocket.json", MSGPACK):
        if wanted in subprotocols:
            return wanted
    return None


__all__ = ["ControlService", "is_loopback"]
