"""The host view's line to the engine: a ControlClient whose answers and events arrive as Qt signals.

Blocking requests run on one worker thread the link owns (never the GUI thread, never the
client's reader thread, which must stay free to read the answers). Events are re-emitted
as they come; Qt queues them to the GUI thread. When the engine goes away the link tries
again every `retry_s`, so the host view comes back by itself when the engine restarts.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from studio.wire.client import ControlClient, ControlError
from studio.errors import StudioError
from studio.wire import commands

ClientFactory = Callable[[], ControlClient]


class HostLink(QObject):
    state_received = Signal(dict, float)          # (GetShowState answer, local monotonic time)
    event_received = Signal(str, dict, float)     # (event type, data, local monotonic time)
    problem = Signal(str)                         # one line for the status bar
    connected = Signal(str)                       # the engine's URL, after each (re)connection

    def __init__(self, make_client: ClientFactory, retry_s: float = 0.5):
        super().__init__()
        self._make_client = make_client
        self._retry_s = retry_s
        self._client: ControlClient | None = None
        self._jobs: queue.Queue = queue.Queue()
        self._refresh_pending = threading.Event()
        self._stopping = threading.Event()
        self._worker = threading.Thread(target=self._run, name="host view link", daemon=True)

    def start(self) -> None:
        self._jobs.put("connect")
        self._worker.start()

    def refresh(self) -> None:
        """Fetches a fresh snapshot; several calls before it runs make one request."""
        if not self._refresh_pending.is_set():
            self._refresh_pending.set()
            self._jobs.put("refresh")

    def stop(self) -> None:
        self._stopping.set()
        self._jobs.put("stop")
        if self._worker.is_alive():
            self._worker.join(5.0)
        if self._client is not None:
            self._client.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            job = self._jobs.get()
            if job == "stop":
                return
            if job == "connect":
                self._connect()
            elif job == "refresh":
                self._refresh_pending.clear()
                self._fetch_state()

    def _connect(self) -> None:
        while not self._stopping.is_set():
            try:
                client = self._make_client()
                client.on_event(self._on_event)
                self._client = client.connect()
            except StudioError as error:          # no engine yet, wrong password, unreachable: say so, retry
                self.problem.emit(str(error))
                self._stopping.wait(self._retry_s)
                continue
            self.problem.emit("")
            self.connected.emit(client.url)
            self._fetch_state()
            return

    def _fetch_state(self) -> None:
        if self._client is None:
            return
        try:   # emitted on the reader thread, in order with the events (ControlClient.request's in_order)
            self._client.call(commands.GetShowState(),
                              in_order=lambda state: self.state_received.emit(state, time.monotonic()))
        except ControlError as error:
            self.problem.emit(str(error))

    def _on_event(self, event_type: str, data: dict) -> None:
        self.event_received.emit(event_type, data, time.monotonic())
        if event_type == "ConnectionClosed" and not self._stopping.is_set():
            self._client = None
            self._jobs.put("connect")
