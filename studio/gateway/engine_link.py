"""The gateway's end of the channel to the engine: typed commands out, answers and events in.

`await link.call(command)` sends the command's name and fields (already parsed and checked by
the gateway) and waits for the engine's answer; at most MAX_COMMANDS_IN_FLIGHT wait at once.
A command the engine does not answer within ENGINE_ANSWER_TIMEOUT_S is answered 702 and
cancelled on the engine side, so nothing is delivered to it later. A reader thread takes the
engine's frames off the channel and hands them to the asyncio loop; a heartbeat tells the
engine this process is alive (it restarts a gateway that stops beating).

Answers and events reach clients in the order the engine made them. An answer resumes the request
waiting for it a few loop turns later (asyncio schedules every step), while an event right behind it
on the channel would be broadcast at once: a GetShowState made before a StartCountdown would then
reach the host view after the CountdownChanged and wipe the countdown. So an event that arrives
while an answer's request has not resumed yet is held, and handed on just after it has: the request
sends its response in the same turn it resumes (nothing between `call` and `send_response` suspends).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import threading
from dataclasses import fields
from typing import Callable

from studio.gateway.channel import Channel, ChannelClosed
from studio.gateway.limits import ENGINE_ANSWER_TIMEOUT_S, MAX_COMMANDS_IN_FLIGHT
from studio.wire.commands import Command, CommandError
from studio.wire.protocol import Status

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 0.5


def command_frame(request_id: int, command: Command) -> dict:
    own = {f.name: getattr(command, f.name) for f in fields(command) if f.name not in ("future", "received_at_s")}
    return {"t": "cmd", "id": request_id, "name": type(command).__name__, "fields": own, "at": command.received_at_s}


class EngineLink:
    def __init__(self, channel: Channel, loop: asyncio.AbstractEventLoop, on_event: Callable[[dict], None]):
        self.channel = channel
        self._loop = loop
        self._on_event = on_event
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._in_flight = asyncio.Semaphore(MAX_COMMANDS_IN_FLIGHT)
        self._answered: set[asyncio.Future] = set()     # answers whose request has not resumed yet
        self._held_events: list[dict] = []                # events behind them, in the engine's order
        self.closed = asyncio.Event()
        self.on_stop: Callable[[], None] = lambda: None

    def start(self) -> None:
        threading.Thread(target=self._read, name="gateway channel reader", daemon=True).start()
        threading.Thread(target=self._beat, name="gateway heartbeat", daemon=True).start()

    async def call(self, command: Command, timeout_s: float = ENGINE_ANSWER_TIMEOUT_S) -> dict:
        async with self._in_flight:
            request_id = next(self._ids)
            answer = self._loop.create_future()
            self._waiting[request_id] = answer
            try:
                await self._send(command_frame(request_id, command))
                return await asyncio.wait_for(answer, timeout_s)
            except asyncio.TimeoutError:
                await self._send({"t": "cancel", "id": request_id})
                raise CommandError(Status.REQUEST_PROCESSING_FAILED, "the engine did not answer in time") from None
            except ChannelClosed:
                raise CommandError(Status.REQUEST_PROCESSING_FAILED, "the engine is not reachable") from None
            finally:
                self._waiting.pop(request_id, None)
                self._resumed(answer)

    def _resumed(self, answer: asyncio.Future) -> None:
        """The request of `answer` runs again: the events held behind it go out once it has responded."""
        if answer in self._answered:
            self._answered.discard(answer)
            if not self._answered and self._held_events:
                self._loop.call_soon(self._release_held_events)

    def _release_held_events(self) -> None:
        while self._held_events and not self._answered:
            self._on_event(self._held_events.pop(0))

    async def _send(self, frame: dict) -> None:
        # A blocking write of a small frame; the engine's reader takes them off at once.
        await asyncio.get_running_loop().run_in_executor(None, self.channel.send, frame)

    def _read(self) -> None:
        try:
            while True:
                self._loop.call_soon_threadsafe(self._dispatch, self.channel.receive())
        except ChannelClosed as closed:
            log.info("gateway: the engine closed the channel (%s)", closed)
        finally:
            self._loop.call_soon_threadsafe(self.closed.set)

    def _beat(self) -> None:
        while not self.closed.is_set():
            try:
                self.channel.send({"t": "hb", "pid": os.getpid()})
            except ChannelClosed:
                return
            threading.Event().wait(HEARTBEAT_INTERVAL_S)

    def _dispatch(self, frame: dict) -> None:
        kind = frame.get("t")
        if kind == "ev":
            if self._answered:
                self._held_events.append(frame)
            else:
                self._on_event(frame)
        elif kind == "stop":
            self.on_stop()
        elif kind == "ans":
            answer = self._waiting.get(frame.get("id"))
            if answer is None or answer.done():
                return
            self._answered.add(answer)
            if frame.get("ok"):
                answer.set_result(frame.get("data") or {})
            else:
                answer.set_exception(CommandError(int(frame.get("code", Status.REQUEST_PROCESSING_FAILED)),
                                                  str(frame.get("comment", ""))))
