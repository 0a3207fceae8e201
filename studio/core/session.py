"""A plan turned into a running show: sources, graphics, show, outputs and the engine.

`Session(plan).run()` is all `studio broadcast` needs. `studio engine` also starts
and stops streaming, recording and single destinations while the program runs;
those calls happen on the engine thread (they arrive as live commands), except
`preflight_stream()`, which does network I/O and runs on the caller's thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from studio.core.capture.gain import GainedAudio
from studio.core.capture.specs import open_audio, open_video
from studio.core.engine import Engine, EngineStats
from studio.core.graphics.demo import DemoDirector
from studio.core.graphics.model import SlateData
from studio.core.graphics.program import ProgramGraphics
from studio.core.keystore import KeyStore
from studio.core.live_show import LiveShow
from studio.core.output.destination import check_reachable, destination_spec
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.preflight import preflight
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink
from studio.core.plan import DestinationPlan, Plan
from studio.core.show.db import open_database
from studio.errors import StudioError, UserInputError

CAMERA_LOST_SLATE = SlateData("We'll be right back", "The picture returns in a moment")
StateListener = Callable[[OutputHealth, OutputState], None]


class Session:
    def __init__(self, plan: Plan, on_state_change: StateListener | None = None, start_live: bool = True):
        """Builds everything on this thread (ProgramGraphics needs the thread that owns the Qt app).
        `start_live=False` (the engine service) leaves destinations and the recording off until asked."""
        self.plan = plan
        self.settings = plan.encoder
        self.state_listeners: list[StateListener] = [on_state_change] if on_state_change else []
        self.db = open_database(plan.show.db_path) if plan.show.db_path is not None else None
        self.graphics = ProgramGraphics(self.settings.width, self.settings.height)
        self.live_show: LiveShow | None = None
        frame_hooks = []
        if plan.show.demo:
            frame_hooks.append(DemoDirector(self.graphics).tick)
        elif plan.show.name:
            self.live_show = LiveShow(self.db, plan.show.name, self.graphics, auto_advance=plan.show.auto_advance,
                                      on_air_at_start=start_live and bool(plan.destinations or plan.recording))
            frame_hooks.append(self.live_show.tick)
        self.video_spec, self.audio_spec = plan.sources.video, plan.sources.audio
        video = open_video(plan.sources.video, plan.canvas)
        self.audio = GainedAudio(open_audio(plan.sources.audio, video))
        video.start()  # a camera that does not open is bad input, reported before anything starts
        stored = [d for d in plan.destinations if d.stored is not None]
        self._keystore = KeyStore.open() if stored else None
        self._single_use_pending = {d.label: d.stored for d in stored}
        self.destinations: dict[str, OutputSink] = {}
        self.recording: OutputSink | None = None
        self.recording_path: Path | None = None
        self._recordings_made = 0
        self.recordings_written: list[Path] = []
        self.engine = Engine(self.settings, video, self.audio, [], realtime=plan.realtime.paced,
                             overlays=[self.graphics], frame_hooks=frame_hooks, on_source_lost=self._source_lost)
        self.video_lost = False
        self.closers: list[threading.Thread] = []
        if start_live:
            for destination in plan.destinations:
                self._add_destination(destination)
            if plan.recording is not None:
                self.start_recording()

    # -- outputs (engine thread once running) ----------------------------------------------------

    @property
    def streaming(self) -> bool:
        return bool(self.destinations)

    def destination_plan(self, label: str) -> DestinationPlan:
        for destination in self.plan.destinations:
            if destination.label == label:
                return destination
        labels = ", ".join(d.label for d in self.plan.destinations) or "none"
        raise UserInputError(f"no destination {label!r}; this engine has: {labels}")

    def preflight_stream(self, labels: list[str] | None = None) -> list[str]:
        """Reasons the destinations would be refused (unreachable, over a platform's limits); [] = go.
        Network I/O: call it off the engine thread."""
        reasons = []
        chosen = [self.destination_plan(label) for label in labels] if labels else list(self.plan.destinations)
        if not chosen:
            return ["this engine has no destination (give --to URL or --destination NAME)"]
        for destination in chosen:
            if destination.stored is not None:
                report = preflight(self.settings, destination.stored)
                reasons += [f"{destination.label}: {result.reason}" for result in report.failures]
            try:
                check_reachable(destination.url, label=destination.label)
            except StudioError as error:
                reasons.append(str(error))
        return reasons

    def start_streaming(self, labels: list[str] | None = None) -> None:
        for destination in ([self.destination_plan(label) for label in labels] if labels else self.plan.destinations):
            if destination.label not in self.destinations:
                self._add_destination(destination)

    def stop_streaming(self, labels: list[str] | None = None) -> None:
        for label in list(labels or self.destinations):
            sink = self.destinations.pop(label, None)
            if sink is not None:
                self.closers.append(self.engine.remove_output(sink))

    def reconnect(self, label: str) -> None:
        destination = self.destination_plan(label)
        if label not in self.destinations:
            raise UserInputError(f"destination {label!r} is not live; start it first")
        self.stop_streaming([label])
        self._add_destination(destination)

    def _add_destination(self, destination: DestinationPlan) -> None:
        spec = destination_spec(destination.url, self.settings.layout(), ca_file=destination.ca_file,
                                label=destination.label)
        sink = OutputSink(spec, reconnect=True, on_state_change=self._state_changed, realtime=self.plan.realtime.paced)
        self.destinations[destination.label] = sink
        self.engine.add_output(sink)

    def start_recording(self) -> Path:
        if self.plan.recording is None:
            raise UserInputError("this engine records nowhere: start it with --record PATH")
        if self.recording is not None:
            raise UserInputError(f"already recording to {self.recording_path}")
        self._recordings_made += 1
        path = self.plan.recording
        if self._recordings_made > 1:
            path = path.with_name(f"{path.stem}-{self._recordings_made}{path.suffix}")
        spec = recording_spec(path, self.settings.layout())
        self.recording = OutputSink(spec, reconnect=False, on_state_change=self._state_changed,
                                    realtime=self.plan.realtime.paced)
        self.recording_path = path
        self.recordings_written.append(path)
        self.engine.add_output(self.recording)
        return path

    def stop_recording(self) -> Path:
        if self.recording is None:
            raise UserInputError("not recording")
        self.closers.append(self.engine.remove_output(self.recording))
        self.recording, path = None, self.recording_path
        return path

    def all_health(self) -> list[OutputHealth]:
        return [sink.health for sink in self.engine.outputs]

    # -- sources (engine thread) -------------------------------------------------------------------

    def replace_video(self, spec: str, video) -> None:
        self.engine.replace_video(video)
        self.video_spec = spec

    def replace_audio(self, spec: str, audio) -> None:
        self.audio.inner, old = audio, self.audio.inner
        threading.Thread(target=old.close, name="close audio source").start()
        self.audio_spec = spec

    # -- running -----------------------------------------------------------------------------------

    def _state_changed(self, health: OutputHealth, previous: OutputState) -> None:
        if health.state == OutputState.LIVE and health.label in self._single_use_pending:
            stored = self._single_use_pending.pop(health.label)
            if stored.platform.key_single_use and stored.publish_url is not None:
                self._keystore.mark_used(stored.name, stored.show)
        if self.live_show is not None:
            self.live_show.record_output_state(health, previous)
        for listener in self.state_listeners:
            listener(health, previous)

    def _source_lost(self, lost: bool) -> None:
        self.video_lost = lost
        if lost:
            self.graphics.show("slate", CAMERA_LOST_SLATE)
        else:
            self.graphics.hide("slate")

    def run(self, stop: threading.Event | None = None, on_stats: Callable[[EngineStats], None] | None = None) -> EngineStats:
        """Run until the plan's duration or `stop`; closes every output and the show's as-run log."""
        try:
            stats = self.engine.run(duration_s=self.plan.realtime.duration_s, stop=stop, on_stats=on_stats)
        finally:
            for closer in self.closers:
                closer.join(10.0)
        if self.live_show is not None:
            self.live_show.finish(stats.show_time_s)
        return stats
