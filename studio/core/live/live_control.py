"""The engine side of live control: one inbox on the engine thread, one worker thread, the handlers.

`submit(command) -> Future` is the one way in (the gateway's channel calls it): the future
resolves to the answer dict or raises CommandError. A command runs where its declaration
says (studio/wire/commands.py `runs_on`):
- "engine": queued in the one inbox; the show's frame hook drains it (`apply_commands`) after the
  catalog's edits and before the rundown player's one tick of the frame, so the graphics composited
  for this very frame already show it (an engine without a show: `before_frame`, a frame hook);
- "worker": on this process's worker thread (SQLite, opening a source, preflight), which may hand
  follow-up "engine" commands to the inbox and wait for them.
Handlers are in studio/core/live/handlers/; they share a LiveContext. `after_frame` (composed) and
`frame_encoded` (packets out) measure take-to-air for commands declared `on_air`; the monitors
publish from `after_frame`.
"""

from __future__ import annotations

import logging
import resource
import time
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from typing import Callable

from studio.core.engine_stats import EngineStats
from studio.core.live.announcer import Announcer
from studio.core.live.audio_meters import AudioMeters
from studio.core.live.database_watch import DatabaseWatch
from studio.core.live.events import EventBus
from studio.core.live.handlers import HANDLERS, LATER
from studio.core.live.handlers.context import LiveContext
from studio.core.live.monitors import Monitors
from studio.core.session import Session
from studio.errors import StudioError
from studio.wire import commands as c
from studio.wire.commands import CommandError, CommandQueue, check_command
from studio.wire.protocol import Status

log = logging.getLogger(__name__)


class LiveControl:
    def __init__(self, session: Session, bus: EventBus, monitors: Monitors | None = None,
                 on_shutdown: Callable[[], None] | None = None):
        self.session = session
        self.bus = bus
        self.inbox = CommandQueue()
        self.ctx = LiveContext(session, bus, monitors, on_shutdown, run_on_engine=self.inbox.submit)
        self.announcer = Announcer(self.ctx)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live worker")  # writes serialised
        self._cpu_mark = (time.monotonic(), time.process_time())
        if session.live_show is not None:
            session.live_show.asrun.listeners.append(self.announcer.as_run_entry)
            session.live_show.when_shown = lambda shows, then: self.ctx.on_screen.when_shown(shows, then, self.ctx.frame)
        if session.live_show is not None:   # the show's frame: edits, these commands, the player once, announcements
            session.live_show.on_commands.append(self.apply_commands)
            session.live_show.after_tick.append(self.announce)
        else:
            session.engine.frame_hooks.append(self.before_frame)
        session.engine.after_frame.append(self.ctx.on_screen.after_frame)   # first: take-to-air reads what it resolved
        session.engine.after_frame.append(self.ctx.take_to_air.composed)
        session.engine.after_encoded.append(self.ctx.take_to_air.encoded)
        self.audio_meters = AudioMeters(session.engine.audio_strip, session.engine.clock, bus,
                                        channels=lambda: session.mixer.channels if session.mixer else {})
        session.engine.after_frame.append(self.audio_meters.after_frame)
        if monitors is not None:
            if session.switcher is not None:
                monitors.preview_layout = session.switcher.preview_bgr
            if session.vertical is not None:
                monitors.add_vertical(session.vertical)   # the window shows both canvases
            session.engine.overlays.insert(0, monitors)
            session.engine.after_frame.append(monitors.after_frame)
        session.state_listeners.append(self._destination_changed)
        self.database_watch = None
        if session.live_show is not None and session.plan.show.db_path is not None:
            self.database_watch = DatabaseWatch(
                session.plan.show.db_path, lambda: self.ctx.show_name,
                catalog_changed=lambda: bus.vendor("CatalogChanged", {"sku": None, "source": "database"}),
                rundown_changed=lambda show_id, segments: self.submit(c.ReplaceSegments(segments=segments,
                                                                                       show_id=show_id)))
            self.database_watch.start()

    # -- any thread ---------------------------------------------------------------------------------

    def submit(self, command: c.Command) -> Future:
        """Run `command` where its declaration says; the future resolves to its answer or raises CommandError."""
        try:
            check_command(command)   # a command built in-process is held to the same limits as a client's
        except CommandError as error:
            _fail(command, error)
            return command.future
        if command.declaration.runs_on == "worker":
            self._worker.submit(self._run, command)
        else:
            if isinstance(command, c.TakeProduct):   # its card drawn while the command waits for its frame
                self._worker.submit(self.ctx.draw_card_ahead, command.sku)
            self.inbox.submit(command)
        return command.future

    @property
    def disabled_destinations(self) -> dict[str, dict]:
        return self.ctx.disabled_destinations

    def close(self) -> None:
        """Once the engine has stopped: let a running worker command finish, start no other."""
        if self.database_watch is not None:
            self.database_watch.close()
        self._worker.shutdown(wait=True, cancel_futures=True)

    # -- engine thread ------------------------------------------------------------------------------

    def before_frame(self, show_time_s: float) -> None:
        """The frame hook of an engine without a show (with one, the show's own tick calls the two parts)."""
        if self.session.live_show is None and self.ctx.target is not None:
            self.ctx.target.tick(show_time_s)   # an engine with a catalog and no show: edits reach its graphics
        self.apply_commands(show_time_s)
        if self.session.live_show is None and self.ctx.target is not None:
            self.ctx.target.settle()            # after the commands, as the show's own tick does after its cues
        self.announce(show_time_s)

    def apply_commands(self, show_time_s: float) -> None:
        """The inbox, drained at the frame boundary (before the show's player ticks, once, for this frame)."""
        ctx = self.ctx
        ctx.show_time_s = show_time_s
        self._wake_sleepers(ctx.frame)
        for command in self.inbox.drain():
            if not isinstance(command, c.GetShowState):
                ctx.snapshot = None   # a state read after it in this frame must show it, not the frame's earlier one
            if self._run(command) and command.declaration.on_air:
                ctx.take_to_air.applied(command)
        if ctx.claims is not None:
            ctx.claims.tick(show_time_s)     # holds that end at this frame give their units back on it

    def announce(self, show_time_s: float) -> None:
        """What changed on the program this frame, announced once the frame's state is settled."""
        try:
            self.announcer.after_commands()
        except Exception:  # the show goes on: a bug in announcing must never take the program off air
            log.exception("live control: announcing this frame's changes failed")

    def _run(self, command: c.Command) -> bool:
        """Apply one command with its handler and answer it; False if it failed or nobody waits any more."""
        if command.future.done():  # the client gave up waiting
            return False
        handler = HANDLERS.get(type(command))
        try:
            if handler is None:
                raise CommandError(Status.UNKNOWN_REQUEST_TYPE, f"{type(command).__name__} has no handler")
            result = handler(self.ctx, command)
        except CommandError as error:
            return _fail(command, error)
        except StudioError as error:
            return _fail(command, CommandError(Status.INVALID_REQUEST_FIELD, str(error)))
        except Exception as error:  # the show goes on: a failed command is the client's error, not a crash
            log.exception("live command %s failed", type(command).__name__)
            return _fail(command, CommandError(Status.REQUEST_PROCESSING_FAILED,
                                               f"{type(command).__name__} failed ({type(error).__name__})"))
        if result is not LATER:
            _answer(command, result if result is not None else {})
        return True

    def _wake_sleepers(self, frame: int) -> None:
        for due, sleeper in [s for s in self.ctx.sleepers if s[0] <= frame]:
            self.ctx.sleepers.remove((due, sleeper))
            _answer(sleeper, {})

    def stats_dict(self) -> dict:
        return self.ctx.stats_dict()

    def on_stats(self, stats: EngineStats) -> None:
        """Once a second on the engine thread."""
        now_s, cpu_s = time.monotonic(), time.process_time()
        wall, used = now_s - self._cpu_mark[0], cpu_s - self._cpu_mark[1]
        self._cpu_mark = (now_s, cpu_s)
        self.ctx.process_stats = {"cpu_percent": round(100 * used / wall, 1) if wall > 0 else 0.0,
                                  "memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        self.bus.vendor("StatsUpdated", {
            "fps": round(stats.fps, 2), "frames_skipped": stats.frames_skipped,
            "max_lateness_ms": round(stats.max_lateness_ms, 1), "cpu_percent": self.ctx.process_stats["cpu_percent"],
            "take_to_air_ms": self.ctx.take_to_air.as_dict()["take_to_air_ms"],
            "show_time_s": round(stats.show_time_s, 3),
            "air_time_s": self.session.on_air_clock.state(stats.show_time_s)["air_time_s"]})

    def _destination_changed(self, health, previous) -> None:
        self.bus.vendor("DestinationStateChanged", {"label": health.label, "kind": health.kind, "state": str(health.state),
                                                    "previous": str(previous), "error": health.last_error})


# A future the client cancelled (it stopped waiting) takes no answer: nothing is delivered to it later.
def _answer(command: c.Command, result: dict) -> None:
    try:
        command.future.set_result(result)
    except InvalidStateError:
        pass


def _fail(command: c.Command, error: CommandError) -> bool:
    try:
        command.future.set_exception(error)
    except InvalidStateError:
        pass
    return False


__all__ = ["LiveControl"]
