"""The window's one connection to `studio engine`: client events as Qt signals, requests off the UI thread.

The control client calls back on its own reader thread; `EngineLink` re-emits each
event through a queued connection, so every slot runs on the UI thread. Requests
block until the engine answers, so they run on one worker thread owned here (in
order, as the producer pressed the buttons) and their `(result, error)` comes
back to the UI thread. The UI thread never waits on the engine; `close()` waits
for the worker (picard's habit: the owner joins its threads at shutdown).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from studio.wire.client import ControlClient, ControlError, EventCallback
from studio.wire.commands import Command

log = logging.getLogger(__name__)
Done = Callable[[Any, "str | None"], None]


class EngineLink(QObject):
    event_received = Signal(str, dict)       # (event_type, event_data), on the UI thread
    connected = Signal()
    disconnected = Signal(str)
    request_failed = Signal(str, str)         # (what, the engine's reason) for requests without a callback

    _event_from_client = Signal(str, dict)
    _call_finished = Signal(object, object, object)

    def __init__(self, client_factory: Callable[[EventCallback], ControlClient], parent: QObject | None = None):
        """client_factory(on_event) returns a connected client that calls on_event (blocking; run on the worker)."""
        super().__init__(parent)
        self._client_factory = client_factory
        self._client: ControlClient | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine requests")
        self._closed = False
        self._event_from_client.connect(self._relay_event, Qt.ConnectionType.QueuedConnection)
        self._call_finished.connect(self._finish_call, Qt.ConnectionType.QueuedConnection)

    @property
    def is_connected(self) -> bool:
        return self._client is not None

    def connect_to_engine(self, on_done: Done | None = None) -> None:
        self._submit("connect", self._connect, on_done)

    def _connect(self) -> bool:
        self._client = self._client_factory(self._from_client_thread)
        self._event_from_client.emit("_Connected", {})
        return True

    def request(self, request_type: str, data: dict | None = None, on_done: Done | None = None) -> None:
        self._submit(request_type, lambda: self._require().request(request_type, data), on_done)

    def vendor(self, request_name: str, data: dict | None = None, on_done: Done | None = None) -> None:
        self._submit(request_name, lambda in_order: self._require().vendor(request_name, data, in_order), on_done,
                     in_order=True)

    def call(self, command: Command, on_done: Done | None = None) -> None:
        """A typed live command (studio/wire/commands.py), answered through `on_done(result, error)`."""
        self._submit(type(command).__name__, lambda in_order: self._require().call(command, in_order), on_done,
                     in_order=True)

    def _require(self) -> ControlClient:
        if self._client is None:
            raise ControlError(0, "not connected to the engine")
        return self._client

    def _submit(self, what: str, call: Callable[..., Any], on_done: Done | None, in_order: bool = False) -> None:
        """`in_order`: `call(answered)` hands its answer to `answered` on the client's reader thread, which emits
        it there, queued in order with the events: a snapshot never reaches the window after an event newer
        than itself (ControlClient.request)."""
        if self._closed:
            return
        context, once = (what, on_done), threading.Lock()   # one answer, even if it comes just after a timeout

        def finished(result, error) -> None:
            if once.acquire(blocking=False):
                self._call_finished.emit(context, result, error)

        def run() -> None:
            try:
                result, error = (call(lambda answer: finished(answer, None)) if in_order else call()), None
            except ControlError as failure:
                result, error = None, str(failure)
            except Exception as failure:  # noqa: BLE001 - a bug in one call must not kill the worker
                log.exception("engine request %s failed", what)
                result, error = None, f"{what}: {type(failure).__name__}"
            finished(result, error)     # (already done on the reader thread when in order)

        self._worker.submit(run)

    @Slot(object, object, object)
    def _finish_call(self, context, result, error) -> None:
        what, on_done = context
        if on_done is not None:
            on_done(result, error)
        elif error is not None:
            self.request_failed.emit(what, error)

    def _from_client_thread(self, event_type: str, event_data: dict) -> None:
        self._event_from_client.emit(event_type, event_data)

    @Slot(str, dict)
    def _relay_event(self, event_type: str, event_data: dict) -> None:
        if event_type == "_Connected":
            self.connected.emit()
        elif event_type == "ConnectionClosed":
            self._client = None
            if not self._closed:
                self.disconnected.emit("the engine closed the connection")
        else:
            self.event_received.emit(event_type, event_data)

    def close(self) -> None:
        """Takes no new request, lets those already queued reach the engine (the window's last words: Shutdown),
        then closes the connection and waits for the worker thread. The client is dropped on the worker, after
        them: dropping it here first made a queued request fail with "not connected"."""
        self._closed = True

        def finish() -> None:
            client, self._client = self._client, None
            if client is not None:
                client.close()

        self._worker.submit(finish)
        self._worker.shutdown(wait=True, cancel_futures=False)
