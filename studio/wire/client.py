"""A blocking obs-websocket v5 client for the studio's own tools (window, host view, CLI).

`ControlClient(url, password).connect()`; `.request(type, data)` returns the
response data or raises ControlError(code, comment); `.call(commands.TakeProduct(sku="X"))`
sends a live command declared in studio/wire/commands.py (checked against its bounds first)
and returns its answer; `.vendor(name, data)` is the untyped form; `.on_event(callback)` hears `(event_type, event_data)`
on the client's reader thread (vendor events arrive under their own names).
"""

from __future__ import annotations

import itertools
import json
import threading
from concurrent.futures import Future
from typing import Callable

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI, WebSocketException
from websockets.sync.client import connect as ws_connect

from studio.wire.commands import Command, CommandError, check_command, command_data
from studio.wire.connect_info import control_password, local_engine_url
from studio.wire.protocol import (
    MAX_MESSAGE_BYTES, RPC_VERSION, VENDOR_NAME, Op, Status, Subscription, auth_response,
)
from studio.errors import StudioError

EventCallback = Callable[[str, dict], None]


class ControlError(StudioError):
    def __init__(self, code: int, comment: str):
        super().__init__(comment or f"request failed with code {code}")
        self.code = code
        self.comment = comment


class ConnectError(ControlError):
    """No session: the address is not ws://HOST:PORT, nothing answers there, or what answers is not an engine."""


def _not_an_engine(url: str, what: str) -> ConnectError:
    return ConnectError(0, f"{url} does not speak the control protocol (obs-websocket v5): {what}")


def find_local_engine() -> tuple[str, str]:
    """(url, password) of the engine running on this machine for this user."""
    return local_engine_url(), control_password(create=False)


class ControlClient:
    def __init__(self, url: str, password: str, event_subscriptions: int = int(Subscription.ALL),
                 timeout_s: float = 10.0):
        self.url = url
        self._password = password
        self.event_subscriptions = event_subscriptions
        self.timeout_s = timeout_s
        self._socket = None
        self._ids = itertools.count(1)
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._callbacks: list[EventCallback] = []
        self._reader: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"ControlClient({self.url!r})"

    def __enter__(self) -> "ControlClient":
        # `with ControlClient(...).connect() as client`: already connected, keep that one session (a
        # second one beside it would hand every event to the callbacks twice)
        if self._reader is not None and self._reader.is_alive():
            return self
        return self.connect()

    def __exit__(self, *_) -> None:
        self.close()

    def connect(self) -> "ControlClient":
        """Hello, Identify, Identified; every way this fails is one ControlError (a ConnectError when
        the address or the server is wrong), never a library's exception."""
        try:
            self._open_session()
        except ConnectError:
            self._drop_socket()
            raise
        except ConnectionClosed as closed:
            self._drop_socket()
            raise ControlError(closed.rcvd.code if closed.rcvd else 0,
                               f"the engine at {self.url} closed the connection: "
                               f"{(closed.rcvd.reason if closed.rcvd else '') or 'no reason given'}") from None
        except (InvalidURI, ValueError):   # ValueError: urllib's own refusals (a port past 65535, a bad IPv6)
            raise ConnectError(0, f"{self.url} is not a control address; expected ws://HOST:PORT") from None
        except InvalidHandshake as error:  # an HTTP server, or bytes that are not HTTP at all
            self._drop_socket()
            raise _not_an_engine(self.url, f"the WebSocket handshake failed ({_reason(error)})") from None
        except WebSocketException as error:
            self._drop_socket()
            raise _not_an_engine(self.url, f"{type(error).__name__}") from None
        except TimeoutError:
            self._drop_socket()
            raise ConnectError(0, f"no answer from {self.url} within {self.timeout_s:g} s (is it an engine?)") from None
        except OSError as error:
            self._drop_socket()
            raise ConnectError(0, f"cannot reach the engine at {self.url} ({error.strerror or type(error).__name__})") from None
        self._reader = threading.Thread(target=self._read_loop, name="control client reader", daemon=True)
        self._reader.start()
        return self

    def _open_session(self) -> None:
        # Entered as a context manager (websockets >= 17.1 warns otherwise); close() leaves it.
        try:
            self._socket = ws_connect(self.url, max_size=MAX_MESSAGE_BYTES * 16,
                                      open_timeout=self.timeout_s).__enter__()
        except ConnectionClosed:    # closed before the handshake ended (a junk server, racing websockets)
            raise _not_an_engine(self.url, "the WebSocket handshake failed (the connection closed)") from None
        except (WebSocketException, OSError, ValueError):
            raise
        except Exception as error:  # websockets 17 fails its own assertion when a server speaks first with junk
            raise _not_an_engine(self.url, f"the WebSocket handshake failed ({type(error).__name__})") from None
        hello = self._receive_op(Op.HELLO)
        identify = {"rpcVersion": RPC_VERSION, "eventSubscriptions": self.event_subscriptions}
        auth = hello.get("authentication")
        if auth:
            if not isinstance(auth, dict) or not all(isinstance(auth.get(k), str) for k in ("salt", "challenge")):
                raise _not_an_engine(self.url, "its Hello has no usable authentication challenge")
            identify["authentication"] = auth_response(self._password, auth["salt"], auth["challenge"])
        self._socket.send(json.dumps({"op": Op.IDENTIFY, "d": identify}))
        self._receive_op(Op.IDENTIFIED)

    def _drop_socket(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            except Exception:  # already broken: nothing more to release
                pass
            self._socket = None

    def _receive_op(self, op: Op) -> dict:
        message = _decoded(self._socket.recv(timeout=self.timeout_s))
        if message is None:
            raise _not_an_engine(self.url, "it sent something that is not an obs-websocket message")
        if message.get("op") != op:
            raise _not_an_engine(self.url, f"expected op {int(op)}, got {str(message.get('op'))[:20]}")
        return message["d"]

    def on_event(self, callback: EventCallback) -> None:
        self._callbacks.append(callback)

    def request(self, request_type: str, data: dict | None = None,
                in_order: Callable[[dict], None] | None = None) -> dict:
        """The answer's data, or ControlError. `in_order(response)` runs on the reader thread as the answer
        arrives, before any event sent after it is dispatched: a snapshot handed on from there can never
        land after, and undo, an event newer than itself."""
        request_id = str(next(self._ids))
        future: Future = Future()
        if in_order is not None:
            future.add_done_callback(lambda done: in_order(done.result()))
        with self._lock:
            self._pending[request_id] = future
        message = {"requestType": request_type, "requestId": request_id}
        if data is not None:
            message["requestData"] = data
        try:
            self._socket.send(json.dumps({"op": Op.REQUEST, "d": message}))
            response = future.result(self.timeout_s)
        except ConnectionClosed:
            raise ControlError(0, "the engine closed the connection") from None
        except TimeoutError:
            raise ControlError(0, f"{request_type}: no answer within {self.timeout_s:g} s") from None
        finally:
            with self._lock:
                self._pending.pop(request_id, None)
        return _request_data(response)

    def vendor(self, request_name: str, data: dict | None = None,
               in_order: Callable[[dict], None] | None = None) -> dict:
        def vendor_answer(response: dict) -> None:
            try:
                in_order(_request_data(response).get("responseData") or {})
            except ControlError:
                pass    # request() raises it to the caller

        answer = self.request("CallVendorRequest", {"vendorName": VENDOR_NAME, "requestType": request_name,
                                                     "requestData": data or {}},
                              vendor_answer if in_order is not None else None)
        return answer.get("responseData") or {}

    def call(self, command: Command, in_order: Callable[[dict], None] | None = None) -> dict:
        """A vendor request from its typed command: the answer, or ControlError (a field out of its
        declared bounds is refused here, with the engine's wording, before anything is sent).
        `in_order(answer)`: see request()."""
        name = type(command).__name__
        if not command.declaration.vendor:
            raise TypeError(f"{name} is not a vendor request (studio/wire/commands.py)")
        try:
            check_command(command)
        except CommandError as error:
            raise ControlError(error.code, error.comment) from None
        return self.vendor(name, command_data(command), in_order)

    def batch(self, requests: list[dict], execution_type: int = 0, halt_on_failure: bool = False) -> list[dict]:
        """A RequestBatch: each request is `{requestType, requestData}`; returns the per-request results."""
        request_id = f"batch-{next(self._ids)}"
        future: Future = Future()
        with self._lock:
            self._pending[request_id] = future
        body = {"requestId": request_id, "executionType": execution_type, "haltOnFailure": halt_on_failure,
                "requests": [{"requestId": str(index), **request} for index, request in enumerate(requests)]}
        try:
            self._socket.send(json.dumps({"op": Op.REQUEST_BATCH, "d": body}))
            return future.result(self.timeout_s * max(1, len(requests))).get("results", [])
        finally:
            with self._lock:
                self._pending.pop(request_id, None)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(2.0)

    def _read_loop(self) -> None:
        try:
            for text in self._socket:
                message = _decoded(text)
                if message is None:
                    continue  # not an obs-websocket message: nothing in it can be answered
                op, data = message.get("op"), message["d"]
                if op in (Op.REQUEST_RESPONSE, Op.REQUEST_BATCH_RESPONSE):
                    with self._lock:
                        future = self._pending.get(data.get("requestId"))
                    if future is not None and not future.done():
                        future.set_result(data)
                elif op == Op.EVENT:
                    self._dispatch(data)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                pending = list(self._pending.values())
            for future in pending:
                if not future.done():
                    future.set_result({"requestStatus": {"result": False, "code": 0,
                                                         "comment": "the engine closed the connection"}})
            self._dispatch({"eventType": "ConnectionClosed", "eventData": {}})

    def _dispatch(self, event: dict) -> None:
        event_type, event_data = event.get("eventType", ""), event.get("eventData") or {}
        if event_type == "VendorEvent" and event_data.get("vendorName") == VENDOR_NAME:
            event_type, event_data = event_data.get("eventType", ""), event_data.get("eventData") or {}
        for callback in list(self._callbacks):
            try:
                callback(event_type, event_data)
            except Exception:  # a listener's bug must not stop the reader
                import logging
                logging.getLogger(__name__).exception("control event callback failed")


def _request_data(response: dict) -> dict:
    status = response.get("requestStatus", {})
    if not status.get("result"):
        raise ControlError(int(status.get("code", 0)), status.get("comment") or "")
    return response.get("responseData") or {}


def _decoded(text: str | bytes) -> dict | None:
    """A message `{"op": ..., "d": {...}}`, or None for anything else (not JSON, not an object)."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict) or not isinstance(message.get("d", {}), dict):
        return None
    message.setdefault("d", {})
    return message


def _reason(error: Exception) -> str:
    """One line: the library's message cut short (a server's words are not ours to print in full)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


__all__ = ["ConnectError", "ControlClient", "ControlError", "find_local_engine", "Status"]
