"""The engine's end of the gateway: starts it, feeds it events, applies its commands, restarts it.

The gateway (studio.gateway, its own process) does everything that faces a network. The engine
process only reads typed commands off one local channel and hands each to `LiveControl.submit`,
which runs it where its declaration says (the engine thread at the next frame boundary, or the
command worker for slow I/O). Answers and events go back through one sender thread, so the
frame loop never writes to a socket. If the gateway dies, stops beating or stops reading, it is
killed and started again on the same address; the show stays on air and clients reconnect.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import Future

from studio.child_processes import module_command
from studio.core.live.destination_requests import disabled_listing
from studio.core.live.events import Event
from studio.errors import StudioError, UserInputError
from studio.gateway.channel import Channel, ChannelClosed
from studio.wire.commands import GATEWAY_COMMANDS, CommandError, parse_command
from studio.wire.protocol import Status

log = logging.getLogger(__name__)

START_TIMEOUT_S = 60.0          # a cold, busy machine starts an interpreter slowly
HEARTBEAT_LOST_AFTER_S = 5.0
SEND_TIMEOUT_S = 2.0            # a gateway that does not read for this long is hung
RESTART_BACKOFF_S = (0.1, 0.5, 1.0, 2.0)


class GatewayProcess:
    def __init__(self, live, bus, password: str, host: str, port: int, allow_remote: bool, store: dict | None = None):
        """`store`: the store's configuration (studio/core/live/store_config.py), secrets included: it
        travels in the config frame only. The store's port, once chosen, is kept across restarts."""
        self.live, self.bus = live, bus
        self._store = store
        self.store_port: int | None = None
        self.store_problem: str | None = None
        self._password = password
        self.host, self.port, self.allow_remote = host, port, allow_remote
        session = live.session
        show = session.plan.show
        self._config = {"width": session.settings.width, "height": session.settings.height,
                        # the gateway's comment bus stores the show's comments (docs/comments.md)
                        "show": show.name if show.db_path is not None else None,
                        "db_path": str(show.db_path) if show.db_path is not None else None}
        self._pending: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._channel: Channel | None = None
        self._generation = 0
        self._last_beat_s = time.monotonic()
        self._stopping = threading.Event()
        self.restarts = 0

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the gateway and wait until it listens; UserInputError when it cannot."""
        db_path = self.live.session.plan.show.db_path
        if db_path is not None:   # before the engine runs: the stored destinations switched off, listed (off)
            from studio.core.show.db import open_database
            db = open_database(db_path)
            try:
                self.live.disabled_destinations.update(disabled_listing(db))
            finally:
                db.close()
        self._spawn()
        threading.Thread(target=self._send_loop, name="gateway sender", daemon=True).start()
        threading.Thread(target=self._supervise, name="gateway supervisor", daemon=True).start()

    def stop(self) -> None:
        """Deliver what the engine said last (ExitStarted, the final states), then stop the gateway."""
        self._stopping.set()
        self.bus.put_in_order(("stop", None))
        process = self._process
        if process is not None:
            try:
                process.wait(5.0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _spawn(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            process = subprocess.Popen(module_command("studio.gateway", str(theirs.fileno())),
                                       pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        channel = Channel(ours, send_timeout_s=SEND_TIMEOUT_S)
        try:
            store = None if self._store is None else {**self._store, **(
                {"port": self.store_port} if self.store_port else {})}
            channel.send({"t": "config", "password": self._password, "host": self.host, "port": self.port,
                          "allow_remote": self.allow_remote, "store": store, **self._config})
            ready = self._first_frame(channel, process)
        except BaseException:
            process.kill()
            process.wait()
            channel.close()
            raise
        self.port = ready["port"]
        self.store_port = ready.get("store_port") or self.store_port
        self.store_problem = ready.get("store_problem")
        self._generation += 1
        self._process, self._channel = process, channel
        self._last_beat_s = time.monotonic()
        threading.Thread(target=self._read_loop, args=(channel, self._generation), name="gateway reader",
                         daemon=True).start()

    def _first_frame(self, channel: Channel, process: subprocess.Popen) -> dict:
        result: list = []
        reader = threading.Thread(target=lambda: result.append(_receive_or_error(channel)), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        frame = result[0] if result else None
        if isinstance(frame, dict) and frame.get("t") == "ready":
            return frame
        if isinstance(frame, dict) and frame.get("t") == "error":
            raise UserInputError(str(frame.get("message")))
        raise UserInputError(f"the control gateway did not start ({'it exited' if process.poll() is not None else 'no answer'}"
                             f" within {START_TIMEOUT_S:g} s)")

    def _supervise(self) -> None:
        failures = 0
        while not self._stopping.wait(0.2):
            process = self._process
            dead = process is None or process.poll() is not None
            hung = time.monotonic() - self._last_beat_s > HEARTBEAT_LOST_AFTER_S
            if not (dead or hung) or self._stopping.is_set():
                continue
            log.warning("control gateway %s; restarting it on %s", "exited" if dead else "stopped answering", self.url)
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
            self._forget_pending()
            try:
                self._spawn()
                self.restarts += 1
                failures = 0
                print(f"studio engine: control gateway restarted on {self.url}", file=sys.stderr, flush=True)
            except Exception as error:
                self._process = None
                log.error("control gateway could not restart: %s", error)
                time.sleep(RESTART_BACKOFF_S[min(failures, len(RESTART_BACKOFF_S) - 1)])
                failures += 1

    # -- commands in ---------------------------------------------------------------------------------

    def _read_loop(self, channel: Channel, generation: int) -> None:
        try:
            while True:
                frame = channel.receive()
                kind = frame.get("t")
                if kind == "hb":
                    self._last_beat_s = time.monotonic()
                elif kind == "cmd":
                    self._last_beat_s = time.monotonic()
                    self._submit(frame, generation)
                elif kind == "cancel":
                    with self._lock:
                        future = self._pending.pop((generation, frame.get("id")), None)
                    if future is not None:
                        future.cancel()
        except ChannelClosed:
            pass

    def _submit(self, frame: dict, generation: int) -> None:
        request_id = frame.get("id")
        try:
            command = _command_from(frame)
        except CommandError as error:
            self.bus.put_in_order(("ans", (generation, request_id, None, error)))
            return
        future = self.live.submit(command)
        with self._lock:
            self._pending[(generation, request_id)] = future
        future.add_done_callback(lambda done: self._answered(generation, request_id, done))

    def _answered(self, generation: int, request_id: int, future: Future) -> None:
        # On the engine thread for engine commands: only a queue put here, the sender encodes and writes.
        with self._lock:
            self._pending.pop((generation, request_id), None)
        if future.cancelled():
            return
        self.bus.put_in_order(("ans", (generation, request_id, future, None)))

    def _forget_pending(self) -> None:
        """The gateway that asked is gone: nothing it asked for is answered (queued work is cancelled)."""
        with self._lock:
            pending, self._pending = list(self._pending.values()), {}
        for future in pending:
            future.cancel()

    # -- answers and events out -----------------------------------------------------------------------

    def _send_loop(self) -> None:
        """Answers and events, in the one order the engine made them (events.py)."""
        while True:
            item = self.bus.get(None)
            if isinstance(item, Event):
                self._send({"t": "ev", "type": item.event_type, "data": item.data, "intent": int(item.intent),
                            "vendor": item.vendor})
            elif item[0] == "stop":
                self._send({"t": "stop"})
                return
            else:
                self._send_answer(*item[1])

    def _send_answer(self, generation: int, request_id: int, future: Future | None, error: Exception | None) -> None:
        if generation != self._generation:
            return                       # asked by a gateway that has since been restarted
        if future is not None:
            error = future.exception()
        if error is None:
            if not self._send({"t": "ans", "id": request_id, "ok": True, "data": future.result()}):
                self._send({"t": "ans", "id": request_id, "ok": False, "code": int(Status.REQUEST_PROCESSING_FAILED),
                            "comment": "the answer is too large to send"})
        elif isinstance(error, CommandError):
            self._send({"t": "ans", "id": request_id, "ok": False, "code": error.code, "comment": error.comment})
        elif isinstance(error, StudioError):
            self._send({"t": "ans", "id": request_id, "ok": False, "code": int(Status.INVALID_REQUEST_FIELD),
                        "comment": str(error)})
        else:
            self._send({"t": "ans", "id": request_id, "ok": False, "code": int(Status.REQUEST_PROCESSING_FAILED),
                        "comment": _describe(error)})

    def _send(self, frame: dict) -> bool:
        """False only when this one frame is too big for the channel (that answer fails, not the gateway)."""
        channel = self._channel
        if channel is None:
            return True
        try:
            channel.send(frame)
        except ChannelClosed:
            self._last_beat_s = 0.0     # the supervisor restarts it
        except ValueError as error:
            log.error("gateway channel: %s", error)
            return False
        return True


def _command_from(frame: dict):
    cls = GATEWAY_COMMANDS.get(frame.get("name"))
    if cls is None:
        raise CommandError(Status.UNKNOWN_REQUEST_TYPE, f"{frame.get('name')!r} is not a command the gateway may send")
    command = parse_command(cls, frame.get("fields") or {}, cls.__name__)
    at = frame.get("at")
    if isinstance(at, float):
        command.received_at_s = at    # CLOCK_MONOTONIC is one clock for every process: take-to-air from the gateway
    return command


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "the engine did not answer in time"
    log.error("live command failed", exc_info=error)
    return f"failed ({type(error).__name__})"


def _receive_or_error(channel: Channel):
    """The gateway's first word: `ready` or `error` (heartbeats may come before it)."""
    try:
        while (frame := channel.receive()).get("t") == "hb":
            pass
        return frame
    except ChannelClosed as closed:
        return {"t": "closed", "message": str(closed)}


__all__ = ["GatewayProcess"]
