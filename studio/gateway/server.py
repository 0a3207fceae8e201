"""The control server: obs-websocket v5 over WebSocket, in the gateway process.

It accepts connections within the limits of studio.gateway.limits, authenticates clients,
decodes and checks every message at the edge (studio.wire.text_safety), answers requests
(studio.gateway.requests; anything about the show is a typed command sent to the engine over
the channel) and hands engine events to each client's bounded queue (studio.gateway.client_queue).
"""

from __future__ import annotations

import asyncio
import collections
import ipaddress
import json
import logging
import socket
import time
from http import HTTPStatus

import msgpack
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import PING, PONG, Frame

from studio.gateway import limits
from studio.gateway.auth_throttle import AuthThrottle
from studio.gateway.batches import answer_batch, answer_request, refuse_message
from studio.gateway.client_queue import MSGPACK, ClientQueue, encode, event_message
from studio.errors import UserInputError
from studio.wire.protocol import (
    OBS_WEBSOCKET_VERSION, RPC_VERSION, VENDOR_NAME, CloseCode, Op, Subscription, auth_matches, new_salt_and_challenge,
)
from studio.wire.text_safety import problem_in

log = logging.getLogger(__name__)

# Kernel send buffer per client: with our byte-capped queue and websockets' write limit it caps what a
# client that stops reading can hold in this process (the kernel would otherwise grow it to MBs).
CLIENT_SEND_BUFFER_BYTES = 64 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LimitedConnection(ServerConnection):
    """A connection that counts its pings and pongs: past the rate it is dropped. (websockets answers
    pings itself; a flood of them would otherwise cost CPU and, unread, memory for the pongs.)"""

    identified = False

    def process_event(self, event) -> None:
        if isinstance(event, Frame) and event.opcode in (PING, PONG):
            now = time.monotonic()
            window = getattr(self, "_control_window", None)
            if window is None or now - window[0] >= 1.0:
                window = self._control_window = [now, 0]
            window[1] += 1
            allowed = limits.CONTROL_FRAMES_PER_S if self.identified else limits.CONTROL_FRAMES_PER_S_BEFORE_IDENTIFY
            if window[1] > allowed:
                self.transport.abort()
                return
        super().process_event(event)


class ControlService:
    def __init__(self, engine, password: str, host: str = "127.0.0.1", port: int = 4460, allow_remote: bool = False,
                 output_size: tuple[int, int] = (1920, 1080)):
        """`engine` answers typed commands (`await engine.call(command)`): the channel to the engine.
        A non-loopback `host` needs `allow_remote` (the engine's --control-listen)."""
        if not is_loopback(host) and not allow_remote:
            raise UserInputError(f"control address {host}: not a loopback address; "
                                 "listening on a network needs --control-listen HOST:PORT")
        self.engine = engine
        self._password = password
        self.host, self.port = host, port
        self.output_size = output_size
        self._salt, _ = new_salt_and_challenge()
        self._clients: set[ClientQueue] = set()
        self._connections: collections.Counter[str] = collections.Counter()
        self._unidentified: collections.Counter[str] = collections.Counter()
        self._throttle = AuthThrottle()
        self.incoming = 0
        self.outgoing = [0]
        self.stopped = asyncio.Event()
        self.comments = None    # the show's comment service (studio/gateway/comments/service.py), if any

    async def serve(self, on_listening) -> None:
        """Listen, call `on_listening(port)`, serve until `stopped` is set, then close every client."""
        # No permessage-deflate: compressing each event for each client costs CPU to save loopback bytes.
        async with serve(self._connection, self.host, self.port, max_size=limits.MAX_INCOMING_MESSAGE_BYTES,
                         compression=None, select_subprotocol=_select_subprotocol,
                         process_request=self._admit, create_connection=LimitedConnection) as server:
            self.port = server.sockets[0].getsockname()[1]
            on_listening(self.port)
            await self.stopped.wait()
            for _ in range(50):   # what the engine said last (ExitStarted, the final states) goes out first
                if not any(client.responses or client.events for client in self._clients):
                    break
                await asyncio.sleep(0.02)
            for client in list(self._clients):
                await client.websocket.close(1001, "the engine is stopping")

    def _admit(self, connection: ServerConnection, request):
        """During the handshake: refuse past the connection limits, before any work is done for it."""
        peer = _peer(connection)
        if sum(self._connections.values()) >= limits.MAX_CONNECTIONS:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, f"at most {limits.MAX_CONNECTIONS} connections\n")
        if self._connections[peer] >= limits.MAX_CONNECTIONS_PER_ADDRESS:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE,
                                      f"at most {limits.MAX_CONNECTIONS_PER_ADDRESS} connections from one address\n")
        if self._unidentified[peer] >= limits.MAX_UNIDENTIFIED_PER_ADDRESS:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "too many connections waiting to identify\n")
        return None

    # -- events from the engine (and from clients: BroadcastCustomEvent) -------------------------------

    def broadcast(self, event_type: str, data: dict, intent: int, vendor: bool) -> None:
        if vendor:
            message = event_message("VendorEvent", {"vendorName": VENDOR_NAME, "eventType": event_type,
                                                    "eventData": data}, Subscription.VENDORS)
            intent = int(Subscription.VENDORS)
        else:
            message = event_message(event_type, data, intent)
        encoded: dict[str | None, str | bytes] = {}  # encoded once per codec, shared by that codec's clients
        for client in self._clients:
            if client.subscriptions & intent:
                if client.codec not in encoded:
                    encoded[client.codec] = encode(message, client.codec)
                client.send_event(encoded[client.codec])

    # -- one connection ------------------------------------------------------------------------------

    async def _connection(self, websocket: LimitedConnection) -> None:
        peer = _peer(websocket)
        self._connections[peer] += 1
        self._unidentified[peer] += 1
        identified = False
        try:
            sock = websocket.transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CLIENT_SEND_BUFFER_BYTES)
            client = await self._identify(websocket, peer)
            self._unidentified[peer] -= 1
            identified = True
            if client is not None:
                await self._serve_client(client)
        finally:
            if not identified:
                self._unidentified[peer] -= 1
            self._connections[peer] -= 1
            for counter in (self._connections, self._unidentified):
                if counter[peer] <= 0:
                    del counter[peer]

    async def _identify(self, websocket: LimitedConnection, peer: str) -> ClientQueue | None:
        _, challenge = new_salt_and_challenge()
        await websocket.send(encode({"op": int(Op.HELLO), "d": {
            "obsWebSocketVersion": OBS_WEBSOCKET_VERSION, "rpcVersion": RPC_VERSION,
            "authentication": {"challenge": challenge, "salt": self._salt}}}, websocket.subprotocol))
        try:
            identify = await asyncio.wait_for(self._receive(websocket), limits.IDENTIFY_TIMEOUT_S)
        except (asyncio.TimeoutError, ConnectionClosed):
            return None
        if identify is None:
            return None
        if identify.get("op") != Op.IDENTIFY:
            await websocket.close(CloseCode.NOT_IDENTIFIED, "identify first (op 1)")
            return None
        data = identify.get("d")
        if not isinstance(data, dict):
            await websocket.close(CloseCode.MISSING_DATA_FIELD if data is None else CloseCode.INVALID_DATA_FIELD_TYPE,
                                  "Identify needs a `d` object")
            return None
        if data.get("rpcVersion") != RPC_VERSION:
            await websocket.close(CloseCode.UNSUPPORTED_RPC_VERSION, f"rpcVersion {RPC_VERSION} only")
            return None
        if not auth_matches(self._password, self._salt, challenge, data.get("authentication")):
            delay_s = self._throttle.failed(peer)
            log.warning("control: authentication failed from %s (%d in a row)", peer, self._throttle.failures(peer))
            await asyncio.sleep(delay_s)
            await websocket.close(CloseCode.AUTHENTICATION_FAILED, "authentication failed")
            return None
        self._throttle.succeeded(peer)
        websocket.identified = True
        client = ClientQueue(websocket, _subscriptions(data))
        return client

    async def _serve_client(self, client: ClientQueue) -> None:
        websocket = client.websocket
        self._clients.add(client)
        sender = asyncio.create_task(client.sender(self.outgoing))
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
                if "problem" in message:
                    refuse_message(client, op, body, message["problem"])
                    continue
                if op == Op.REQUEST:
                    task = asyncio.create_task(answer_request(self, client, body))
                elif op == Op.REQUEST_BATCH:
                    task = asyncio.create_task(answer_batch(self, client, body))
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
                while client.answers_backed_up or len(tasks) > limits.REQUEST_BURST:
                    await asyncio.sleep(0.01)
        finally:
            self._clients.discard(client)
            sender.cancel()
            for task in tasks:
                task.cancel()

    async def _receive(self, websocket: ServerConnection) -> dict | None:
        """The next message, decoded and checked at the edge; None once the connection is closed."""
        try:
            text = await websocket.recv()
        except ConnectionClosed:
            return None
        codec = websocket.subprotocol
        try:
            if codec == MSGPACK:
                message = msgpack.unpackb(text, raw=False) if isinstance(text, bytes) else None
            else:
                message = json.loads(text, parse_constant=_no_constants)
        except (ValueError, TypeError, RecursionError, msgpack.UnpackException) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else (
                "messages are MessagePack" if codec == MSGPACK else "messages are JSON text")
            await websocket.close(CloseCode.MESSAGE_DECODE_ERROR, reason)
            return None
        if not isinstance(message, dict):
            await websocket.close(CloseCode.MESSAGE_DECODE_ERROR, "messages are objects")
            return None
        if _oversized_batch(message):
            return message     # refused by its size alone (answer_batch): its requests are never walked
        problem = problem_in(message)
        if problem is not None:
            if _answerable(message):   # a request we can name: answered with the reason, the connection stays
                return {**message, "problem": problem}
            await websocket.close(CloseCode.INVALID_DATA_FIELD_VALUE, problem[:120])
            return None
        return message


def _oversized_batch(message: dict) -> bool:
    body = message.get("d")
    return (message.get("op") == Op.REQUEST_BATCH and isinstance(body, dict) and isinstance(body.get("requests"), list)
            and len(body["requests"]) > limits.MAX_REQUESTS_PER_BATCH)


def _answerable(message: dict) -> bool:
    body = message.get("d")
    return (message.get("op") in (Op.REQUEST, Op.REQUEST_BATCH) and isinstance(body, dict)
            and problem_in(body.get("requestId")) is None and problem_in(body.get("requestType")) is None)


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def _peer(connection: ServerConnection) -> str:
    address = connection.remote_address
    return str(address[0]) if address else "?"


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
