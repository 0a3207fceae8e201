"""The one output of a show sent through a relay, and the destinations the relay pushes to.

The engine sees one `OutputSink` (the stream to the relay). Each destination behind it gets an
`OutputHealth` of its own, filled from the relay's statistics page: a poller process
(`studio.relay.poller`) fetches it and writes one JSON line a second; a reader thread keeps the
newest, and `supervise` (engine thread, a few times a second) turns it into states, bitrates and
reconnects, firing the same state changes as a direct destination. The engine process parses no
byte from the network: the poller does.
"""

from __future__ import annotations

import json
import subprocess
import threading
from dataclasses import dataclass

from studio.child_processes import module_command
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.relay_url import RelayUrl
from studio.core.output.sink import OutputSink, StateListener
from studio.core.output.sink_worker import SinkSpec

LINK_DOWN = "the stream to the relay is not up"
LOST = "the relay lost this platform; it retries every 2 s"
NOT_CONFIGURED = "not in the relay's configuration: run `studio relay config` again and reload the relay"


@dataclass
class RelayedDestination:
    app: str
    health: OutputHealth
    client_id: int | None = None
    dropped_before: int = 0      # drops of the relay's earlier push sessions to this platform


class RelaySink(OutputSink):
    def __init__(self, spec: SinkSpec, relay: RelayUrl, relayed: dict[str, str],
                 on_state_change: StateListener | None = None, realtime: bool = True):
        """`relayed`: destination label -> the relay application that pushes to it."""
        super().__init__(spec, reconnect=True, on_state_change=on_state_change, realtime=realtime)
        self.health.kind = "relay"
        self._relay = relay
        self.relayed = {label: RelayedDestination(app, OutputHealth(label=label)) for label, app in relayed.items()}
        self._latest: dict | None = None
        self._poller: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()   # the poller is started on the reader thread, stopped by close()
        self._closed = False

    def healths(self) -> list[OutputHealth]:
        return [self.health, *(relayed.health for relayed in self.relayed.values())]

    def start(self) -> None:
        super().start()
        # Starting a Python process is not the frame loop's business: the reader thread does it.
        self._reader = threading.Thread(target=self._poll, name="relay statistics", daemon=True)
        self._reader.start()

    def _poll(self) -> None:
        poller = subprocess.Popen(module_command("studio.relay.poller"), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        with self._lock:
            if self._closed:
                poller.kill()
                poller.wait()
                return
            self._poller = poller
        try:
            poller.stdin.write(self._relay.stat_url + "\n")   # the secret goes through the pipe, not argv
            poller.stdin.flush()
        except (OSError, ValueError):   # closed already: the show ended before the poller started
            return
        for line in poller.stdout:
            try:
                self._latest = json.loads(line)
            except ValueError:
                continue

    def supervise(self) -> OutputHealth:
        health = super().supervise()
        self._apply(self._latest)
        return health

    def _apply(self, line: dict | None) -> None:
        if self.health.state not in (OutputState.LIVE, OutputState.CONGESTED):
            follow = OutputState.CONNECTING if self.health.state == OutputState.CONNECTING else self.health.state
            for relayed in self.relayed.values():
                if relayed.health.ever_live or follow != OutputState.CONNECTING:
                    self._set(relayed, follow if follow != OutputState.STALLED else OutputState.RECONNECTING,
                              f"{LINK_DOWN} ({self.health.last_error})" if self.health.last_error else LINK_DOWN)
            return
        if line is None:
            return
        if "error" in line:
            for relayed in self.relayed.values():
                relayed.health.last_error = f"relay statistics: {line['error']}"
            return
        destinations, rates = line["stat"]["destinations"], line.get("rates", {})
        for relayed in self.relayed.values():
            self._apply_push(relayed, destinations.get(relayed.app), rates.get(relayed.app))

    def _apply_push(self, relayed: RelayedDestination, push: dict | None, rate_kbps: float | None) -> None:
        health = relayed.health
        if push is None:
            self._set(relayed, OutputState.FAILED, NOT_CONFIGURED)
            return
        if not push["pushing"]:
            health.bitrate_kbps = health.fps = 0.0
            lost = health.ever_live and push["stream"]   # before its first push, the relay is still connecting
            self._set(relayed, OutputState.RECONNECTING if lost else OutputState.CONNECTING, LOST if lost else None)
            return
        if relayed.client_id is not None and push["client_id"] != relayed.client_id:
            health.reconnects += 1
            relayed.dropped_before = health.dropped_frames
        if relayed.client_id != push["client_id"]:
            health.connect_attempts += 1
        relayed.client_id = push["client_id"]
        health.dropped_frames = relayed.dropped_before + push["dropped"]
        if not push["active"]:
            self._set(relayed, OutputState.CONNECTING)
            return
        if rate_kbps is not None:
            health.bitrate_kbps = rate_kbps
        health.fps = push["fps"]
        health.bytes_written = push["bytes_out"]
        self._set(relayed, OutputState.LIVE)

    def _set(self, relayed: RelayedDestination, state: OutputState, error: str | None = None) -> None:
        health = relayed.health
        previous = health.state
        if error:
            health.last_error = error
        if state == previous:
            return
        health.state = state
        health.ever_live = health.ever_live or state == OutputState.LIVE
        if self.on_state_change is not None:
            self.on_state_change(health, previous)

    def close(self, timeout_s: float = 5.0) -> OutputHealth:
        health = super().close(timeout_s)
        with self._lock:
            self._closed, poller = True, self._poller
        if poller is not None:
            try:
                poller.stdin.close()
            except OSError:
                pass
            try:
                poller.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                poller.kill()
                poller.wait()
        for relayed in self.relayed.values():
            self._set(relayed, OutputState.STOPPED if health.state == OutputState.STOPPED else OutputState.FAILED,
                      None if health.state == OutputState.STOPPED else health.last_error)
        return health
