"""The hostile clients of bench_gateway, each run in a process of its own until its deadline.

Each load is a function `(url, password, until_monotonic)`; none reads this machine's clock
beyond its deadline, and every loop stops by itself. Traffic goes to the engine's loopback address.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import time

from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from studio.wire.protocol import RPC_VERSION, auth_response


def _frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked client frame (RFC 6455 5.2)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def raw_identified(url: str, password: str | None) -> socket.socket:
    """A socket past the handshake (and Identify, given a password) that this code never reads again."""
    host, port = url.removeprefix("ws://").rsplit(":", 1)
    raw = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = raw.recv(4096)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        received += chunk
    if not received.startswith(b"HTTP/1.1 101"):
        raise ConnectionError(received.split(b"\r\n", 1)[0].decode())
    if password is not None:
        rest = received.split(b"\r\n\r\n", 1)[1]
        while len(rest) < 2 or len(rest) < 2 + (rest[1] & 0x7F):
            rest += raw.recv(4096)
        hello = json.loads(rest[2:2 + (rest[1] & 0x7F)] if (rest[1] & 0x7F) < 126 else rest[4:4 + struct.unpack("!H", rest[2:4])[0]])
        auth = hello["d"]["authentication"]
        raw.sendall(_frame(json.dumps({"op": 1, "d": {"rpcVersion": RPC_VERSION, "authentication": auth_response(
            password, auth["salt"], auth["challenge"])}}).encode()))
    return raw


def ping_flood(url: str, password: str, until: float) -> None:
    """Unauthenticated: pings as fast as the socket takes them, a new connection each time one is dropped."""
    ping = _frame(b"x", opcode=0x9)
    while time.monotonic() < until:
        try:
            raw = raw_identified(url, None)
            raw.settimeout(1.0)
            while time.monotonic() < until:
                raw.sendall(ping * 64)
        except OSError:
            time.sleep(0.01)


def big_batches(url: str, password: str, until: float) -> None:
    """Ten 1 MB batches of GetVersion at a time, again and again."""
    one = {"requestType": "GetVersion", "requestData": {"pad": "x" * 20}}
    fits = (1024 * 1024 - 200) // (len(json.dumps(one)) + 2)
    text = json.dumps({"op": 8, "d": {"requestId": "b", "executionType": 0, "requests": [one] * fits}})
    while time.monotonic() < until:
        try:
            with connect(url, open_timeout=10, max_size=None) as client:
                _identify(client, password)
                while time.monotonic() < until:
                    for _ in range(10):
                        client.send(text)
                    for _ in range(10):
                        client.recv(timeout=30)
        except (OSError, WebSocketException, TimeoutError):
            time.sleep(0.05)


def idle_connections(url: str, password: str, until: float, count: int = 300) -> None:
    """300 connections opened and held without a word; refused ones are tried again."""
    held: list[socket.socket] = []
    while time.monotonic() < until:
        while len(held) < count and time.monotonic() < until:
            try:
                held.append(raw_identified(url, None))
            except OSError:
                break
        time.sleep(0.2)
        held = [s for s in held if _still_open(s)]
    for s in held:
        s.close()


def silent_subscribers(url: str, password: str, until: float, count: int = 50) -> None:
    """50 identified clients subscribed to everything that never read a byte."""
    held = []
    for _ in range(count):
        try:
            held.append(raw_identified(url, password))
        except OSError:
            pass
    while time.monotonic() < until:
        time.sleep(0.2)
    for s in held:
        s.close()


def huge_custom_events(url: str, password: str, until: float, count: int = 300) -> None:
    """300 BroadcastCustomEvents of 900 KB each (to every subscriber), at the rate the gateway allows."""
    event = {"op": 6, "d": {"requestType": "BroadcastCustomEvent", "requestId": "c",
                            "requestData": {"eventData": {"blob": "y" * (900 * 1024)}}}}
    text = json.dumps(event)
    sent = 0
    while time.monotonic() < until and sent < count:
        try:
            with connect(url, open_timeout=10, max_size=None) as client:
                _identify(client, password)
                while sent < count and time.monotonic() < until:
                    client.send(text)
                    sent += 1
        except (OSError, WebSocketException):
            time.sleep(0.05)
    while time.monotonic() < until:
        time.sleep(0.2)


def _identify(client, password: str) -> None:
    auth = json.loads(client.recv(timeout=10))["d"]["authentication"]
    client.send(json.dumps({"op": 1, "d": {"rpcVersion": RPC_VERSION, "eventSubscriptions": 0,
                                           "authentication": auth_response(password, auth["salt"], auth["challenge"])}}))
    client.recv(timeout=10)


def _still_open(raw: socket.socket) -> bool:
    try:
        raw.setblocking(False)
        return raw.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        raw.setblocking(True)


LOADS = {"ping flood (unauthenticated)": ping_flood, "ten 1 MB batches": big_batches,
         "300 idle connections": idle_connections, "50 subscribers that never read": silent_subscribers,
         "300 CustomEvents of 900 KB": huge_custom_events}
