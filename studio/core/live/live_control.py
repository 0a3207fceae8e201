"""Live commands applied on the engine thread, and the events their effects produce.

`before_frame` runs as the engine's last frame hook: after the show's own tick
(rundown cues due now), it drains the command queue and applies each command, so
the graphics composited for this very frame already show them. `after_frame`
(composed) and `frame_encoded` (its packets handed to the outputs) measure
take-to-air (request received -> this frame encoded) and its parts; the monitors
publish from `after_frame`. Changes made by the rundown itself (auto-advance, cues) are noticed by
comparing a few values once per frame and announced as events.
"""

from __future__ import annotations

import logging
import resource
import time
from typing import Callable

from studio.wire import commands as c
from studio.wire.commands import CommandError, CommandQueue
from studio.core.live.events import EventBus
from studio.core.live.monitors import Monitors
from studio.core.live.output_commands import OutputCommands
from studio.core.live.show_commands import LATER, ShowCommands
from studio.wire.protocol import Status, Subscription
from studio.core.live.snapshot import product_dict, scene_name, segments_list
from studio.core.engine import EngineStats
from studio.core.live_show import campaign_tag
from studio.core.session import Session
from studio.core.show_graphics import ShowGraphicsTarget
from studio.errors import StudioError

log = logging.getLogger(__name__)

# Commands whose effect is on air: their take-to-air is measured.
_ON_AIR = (c.TakeProduct, c.ClearProduct, c.NextSegment, c.PreviousSegment, c.JumpToSegment, c.ShowGraphic,
           c.HideGraphic, c.StartCountdown, c.CancelCountdown, c.Take)


class LiveControl(ShowCommands, OutputCommands):
    def __init__(self, session: Session, bus: EventBus, monitors: Monitors | None = None,
                 on_shutdown: Callable[[], None] | None = None):
        self.session = session
        self.bus = bus
        self.monitors = monitors
        self.queue = CommandQueue()
        self.on_shutdown = on_shutdown
        live_show = session.live_show
        if live_show is not None:
            self.target, self.player, self.asrun = live_show.target, live_show.player, live_show.asrun
            live_show.asrun = live_show.player.asrun = _AnnouncedAsRun(live_show.asrun, bus)
            self.utm_campaign = campaign_tag(live_show.show.name)
        else:
            self.target = ShowGraphicsTarget(session.graphics, session.db, utm_campaign="live") if session.db else None
            if self.target is not None:
                session.add_live_listener(self.target.set_live)
            self.player = self.asrun = None
            self.utm_campaign = "live"
        self.preview_sku: str | None = None
        self.preview_index: int | None = None
        self.transition = ("Cut", 300)
        self.show_time_s = 0.0
        self.take_to_air_ms: float | None = None
        self.take_to_air_max_ms = 0.0
        # The last take's parts: waiting for the frame boundary, composing, encoding (ms).
        self.take_to_air_parts_ms: dict[str, float] = {}
        self._awaiting_air: list[tuple[c.Command, float]] = []
        self._awaiting_encode: list[tuple[int, c.Command, float, float]] = []
        self._snapshot: tuple[int, dict] | None = None
        self._seen: dict[str, object] = {}
        self._stats: dict = {}
        self._cpu_mark = (time.monotonic(), time.process_time())
        self._sleepers: list[tuple[int, c.WaitFrames]] = []
        # stored destinations switched off (name -> {label, name, canvas}): listed in the state, not sent to
        self.disabled_destinations: dict[str, dict] = {}
        session.engine.frame_hooks.append(self.before_frame)
        session.engine.after_frame.append(self.after_frame)
        session.engine.after_encoded.append(self.frame_encoded)
        if monitors is not None:
            if session.vertical is not None:
                monitors.add_vertical(session.vertical)   # the window shows both canvases
            session.engine.overlays.insert(0, monitors)
            session.engine.after_frame.append(monitors.after_frame)
        session.state_listeners.append(self._destination_changed)

    # -- engine thread ----------------------------------------------------------------------------

    def before_frame(self, show_time_s: float) -> None:
        self.show_time_s = show_time_s
        frame = self.session.engine.frame_index
        self._wake_sleepers(frame)
        for command in self.queue.drain():
            self._apply(command, frame)
        try:
            if self.player is not None:
                self.player.tick(show_time_s)  # cues a jump scheduled for "now" air in this frame too
            self._announce_changes()
        except Exception:  # the show goes on: a bug in announcing must never take the program off air
            log.exception("live control: announcing this frame's changes failed")

    def after_frame(self, frame_index: int, program) -> None:
        if not self._awaiting_air:
            return
        now_s = time.monotonic()
        self._awaiting_encode += [(frame_index, command, applied_s, now_s) for command, applied_s in self._awaiting_air]
        self._awaiting_air.clear()

    def frame_encoded(self, frame_index: int) -> None:
        """The frame's packets reached the outputs (the engine encodes one frame behind)."""
        if not self._awaiting_encode:
            return
        now_s = time.monotonic()
        for frame, command, applied_s, composed_s in [a for a in self._awaiting_encode if a[0] <= frame_index]:
            self._awaiting_encode.remove((frame, command, applied_s, composed_s))
            self.take_to_air_ms = (now_s - command.received_at_s) * 1000
            self.take_to_air_max_ms = max(self.take_to_air_max_ms, self.take_to_air_ms)
            self.take_to_air_parts_ms = {"to_frame_boundary": round((applied_s - command.received_at_s) * 1000, 1),
                                         "compose": round((composed_s - applied_s) * 1000, 1),
                                         "encode": round((now_s - composed_s) * 1000, 1)}

    def _apply(self, command: c.Command, frame: int) -> None:
        if command.future.done():  # the client gave up waiting
            return
        handler = getattr(self, f"_do_{type(command).__name__}", None)
        try:
            if handler is None:
                raise CommandError(Status.UNKNOWN_REQUEST_TYPE, f"{type(command).__name__} is not an engine command")
            result = handler(command)
        except CommandError as error:
            command.future.set_exception(error)
            return
        except StudioError as error:
            command.future.set_exception(CommandError(Status.INVALID_REQUEST_FIELD, str(error)))
            return
        except Exception as error:  # the show goes on: a failed command is the client's error, not a crash
            log.exception("live command %s failed", type(command).__name__)
            command.future.set_exception(CommandError(Status.REQUEST_PROCESSING_FAILED,
                                                      f"{type(command).__name__} failed ({type(error).__name__})"))
            return
        if isinstance(command, _ON_AIR):
            self._awaiting_air.append((command, time.monotonic()))
        if result is not LATER:
            command.future.set_result(result if result is not None else {})

    def _wake_sleepers(self, frame: int) -> None:
        for due, sleeper in [s for s in self._sleepers if s[0] <= frame]:
            self._sleepers.remove((due, sleeper))
            sleeper.future.set_result({})

    # -- state ------------------------------------------------------------------------------------

    def _do_GetShowState(self, command):
        frame = self.session.engine.frame_index
        if self._snapshot is None or self._snapshot[0] != frame:
            self._snapshot = (frame, self._build_snapshot(frame))
        return self._snapshot[1]

    def _build_snapshot(self, frame: int) -> dict:
        session, live_show = self.session, self.session.live_show
        countdown = self.target.countdown if self.target is not None else None
        return {
            "show": {"name": live_show.show.name, "title": live_show.show.title} if live_show else None,
            "show_time_s": round(self.show_time_s, 3), "frame": frame, **session.on_air_clock.state(self.show_time_s),
            "live": session.streaming, "recording": session.recording is not None,
            "recording_path": str(session.recording_path) if session.recording is not None else None,
            "auto_advance": self.player.auto_advance if self.player else False,
            "segment_index": self._program_index(), "preview_index": self._preview_index(),
            "segments": segments_list(self.player) if self.player else [],
            "program": product_dict(self.target.current if self.target and self.target.card_sku else None),
            "preview": product_dict(self._preview_view()),
            "graphics": session.graphics.visible_kinds(),
            "countdown": _countdown_dict(countdown, self.show_time_s),
            "destinations": self._destinations(),
            "sources": self._sources(),
            "transition": {"name": self.transition[0], "duration_ms": self.transition[1]},
            "frames": self.monitors.describe() if self.monitors else {},
            "canvases": self._canvases(),
            "stats": self.stats_dict(),
        }

    def _destinations(self) -> list[dict]:
        session, result = self.session, []
        for destination in session.plan.destinations:
            sink = session.destinations.get(destination.label)
            health = sink.health.as_dict() if sink else {"label": destination.label, "state": "off"}
            result.append({**health, "active": sink is not None, "canvas": destination.canvas,
                           "name": destination.stored.name if destination.stored else None, "enabled": True})
        for listed in self.disabled_destinations.values():
            result.append({**listed, "state": "disabled", "active": False, "enabled": False})
        return result

    def _sources(self) -> dict:
        session = self.session
        strip = session.engine.audio_strip
        return {"video": session.video_spec, "audio": session.audio_spec or "default", "muted": strip.muted,
                "gain_db": strip.gain_db, "video_lost": session.video_lost, "audio_state": session.audio_state}

    def stats_dict(self) -> dict:
        return {**self._stats, **self.session.engine.stats.as_dict(),
                "take_to_air_ms": None if self.take_to_air_ms is None else round(self.take_to_air_ms, 1),
                "take_to_air_max_ms": round(self.take_to_air_max_ms, 1),
                "take_to_air_parts_ms": dict(self.take_to_air_parts_ms)}

    def on_stats(self, stats: EngineStats) -> None:
        """Once a second on the engine thread."""
        now_s, cpu_s = time.monotonic(), time.process_time()
        wall, used = now_s - self._cpu_mark[0], cpu_s - self._cpu_mark[1]
        self._cpu_mark = (now_s, cpu_s)
        self._stats = {"cpu_percent": round(100 * used / wall, 1) if wall > 0 else 0.0,
                       "memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        self.bus.vendor("StatsUpdated", {
            "fps": round(stats.fps, 2), "frames_skipped": stats.frames_skipped,
            "max_lateness_ms": round(stats.max_lateness_ms, 1), "cpu_percent": self._stats["cpu_percent"],
            "take_to_air_ms": None if self.take_to_air_ms is None else round(self.take_to_air_ms, 1),
            "show_time_s": round(stats.show_time_s, 3),
            "air_time_s": self.session.on_air_clock.state(stats.show_time_s)["air_time_s"]})

    # -- what changed this frame -------------------------------------------------------------------

    def _announce_changes(self) -> None:
        program = self._program_index()
        if self._changed("segment", program) and program >= 0:
            segment = self.player.segments[program]
            self.bus.vendor("SegmentChanged", {"index": program, "title": segment.display_title,
                                               "show_time_s": round(self.show_time_s, 3)})
            self.bus.obs("CurrentProgramSceneChanged", {"sceneName": scene_name(program, segment)}, Subscription.SCENES)
        preview = self._preview_index()
        if self._changed("preview_index", preview) and preview is not None:
            self.bus.obs("CurrentPreviewSceneChanged",
                         {"sceneName": scene_name(preview, self.player.segments[preview])}, Subscription.SCENES)
        card = self.target.card_sku if self.target else None
        # the product's data too: a price or stock edit of the product on air is announced once the
        # engine has applied it, so a client never reads the snapshot between the write and the card
        program = product_dict(self.target.current if card else None)
        if self._changed("program", (card, program)):
            self.bus.vendor("ProgramProductChanged", {"sku": card, "frame": self.session.engine.frame_index,
                                                      "product": program})
        if self._changed("preview_key", (self.preview_sku, preview)):
            preview_view = self._preview_view()
            self.bus.vendor("PreviewProductChanged", {"sku": preview_view.sku if preview_view else None,
                                                      "product": product_dict(preview_view)})
            if self.monitors is not None:
                self.monitors.set_preview_product(preview_view, self.utm_campaign)
        graphics = self.session.graphics.visible_kinds()
        if self._changed("graphics", graphics):
            self.bus.vendor("GraphicsChanged", {"graphics": graphics})
        countdown = self.target.countdown if self.target else None
        if countdown is not None and countdown[1] <= self.show_time_s:
            countdown = self.target.countdown = None
        if self._changed("countdown", countdown):
            self.bus.vendor("CountdownChanged", {"countdown": _countdown_dict(countdown, self.show_time_s)})
        strip = self.session.engine.audio_strip
        sources = (self.session.video_spec, self.session.audio_spec, self.session.video_lost,
                   strip.muted, strip.gain_db, self.session.audio_state)
        if self._changed("sources", sources):
            self.bus.vendor("SourceStateChanged", self._sources())

    def _changed(self, key: str, value: object) -> bool:
        if key in self._seen and self._seen[key] == value:
            return False
        self._seen[key] = value
        return True




def _countdown_dict(countdown: tuple[str, float] | None, now_s: float) -> dict | None:
    if countdown is None:
        return None
    label, ends_at_s = countdown
    return {"label": label, "ends_at_s": round(ends_at_s, 3), "remaining_s": round(max(0.0, ends_at_s - now_s), 3)}


class _AnnouncedAsRun:
    """The show's as-run log, also announcing each entry to control clients."""

    def __init__(self, inner, bus: EventBus):
        self._inner = inner
        self._bus = bus

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def record(self, event: str, show_time_s: float, **details) -> None:
        stored = self._inner.record(event, show_time_s, **details)   # with `off_air` when not on air
        self._bus.vendor("AsRunEntry", {"event": event, "show_time_s": round(float(show_time_s), 3),
                                        "details": _plain(stored if stored is not None else details)})


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


__all__ = ["LiveControl"]
