"""A plan turned into a running show: sources, graphics, show, outputs and the engine.

`Session(plan).run()` is all `studio broadcast` needs. `studio engine` also starts
and stops streaming, recording and single destinations while the program runs;
those calls happen on the engine thread (they arrive as live commands), except
`preflight_stream()`, which does network I/O and runs on the caller's thread.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from studio.core import picture
from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.capture.camera import CameraSource
from studio.core.capture.specs import open_audio, open_video
from studio.core.engine import Engine
from studio.core.engine_stats import EngineStats
from studio.core.graphics.model import SlateData
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.render_worker import RENDER_WAIT_S
from studio.core.inputs.layout import layout_from_dict
from studio.core.inputs.dynamics import Limiter
from studio.core.inputs.mixer import Mixer
from studio.core.inputs.mixing import audio_channel_name, mixer_for
from studio.core.inputs.specs import open_input
from studio.core.inputs.switcher import Switcher
from studio.core.output.destination import check_reachable, destination_spec
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.monitor import open_monitor
from studio.core.output.recorder import recording_spec
from studio.core.output.recording_names import next_free_name
from studio.core.relay_outputs import RelayOutputs
from studio.core.slate import Slates
from studio.core.output.sink import OutputSink
from studio.core.plan import DestinationPlan, Plan
from studio.core.show.air_time import OnAirClock
from studio.core.vertical_canvas import VerticalCanvas
from studio.errors import StudioError, UserInputError

# What only a show from the database, stored destinations or the demo use is imported where it is used:
# sqlite-utils (with click and pluggy), keyring and segno are a good part of `studio broadcast`'s
# start-up and memory, and a plain `--to URL` / `--record FILE` run needs none of them
# (docs/performance.md, start-up; tests/test_broadcast_imports.py keeps it so).
if TYPE_CHECKING:
    from studio.core.keystore import KeyStore
    from studio.core.live_show import LiveShow
    from studio.core.show.background_writer import BackgroundWriter

# Every canvas of a show is composed in the encoder's own format: a file source's decoded pictures reach
# x264 with no colour conversion, and graphics are blended into the planes (docs/performance.md).
log = logging.getLogger(__name__)
PROGRAM_FORMAT = picture.I420
GRAPHICS_READY_WAIT_S = 10.0
CAMERA_LOST_SLATE = SlateData("We'll be right back", "The picture returns in a moment")
StateListener = Callable[[OutputHealth, OutputState], None]
# (what: "camera" | "microphone", state: "lost" | "live", reason), called on the device's thread.
SourceStateListener = Callable[[str, str, str], None]


class Session:
    def __init__(self, plan: Plan, on_state_change: StateListener | None = None, start_live: bool = True,
                 on_source_state: SourceStateListener | None = None):
        """Builds everything on this thread. `start_live=False` (the engine service) leaves destinations and
        the recording off until asked.
        `on_source_state` hears a camera or microphone go away and come back (on the device's thread)."""
        self.plan = plan
        self.settings = plan.encoder
        self.state_listeners: list[StateListener] = [on_state_change] if on_state_change else []
        self.db = None
        if plan.show.db_path is not None:  # a show, or the engine (which can attach stored destinations live)
            from studio.core.show import background_writer  # noqa: F401 - loaded here, not at a live attach
            from studio.core.show.db import open_database

            self.db = open_database(plan.show.db_path)
        vertical = plan.vertical
        self.graphics = ProgramGraphics(self.settings.width, self.settings.height,
                                        extra_canvases={VERTICAL: (vertical.width, vertical.height)} if vertical else None,
                                        render_process=True, render_wait_s=RENDER_WAIT_S if plan.realtime.paced else None,
                                        picture_format=PROGRAM_FORMAT)
        self.vertical = (VerticalCanvas(plan.encoder_for(VERTICAL), self.graphics, vertical.crop_offset,
                                        picture_format=PROGRAM_FORMAT) if vertical else None)
        self.live_show: LiveShow | None = None
        # On air = streaming, or recording when nothing streams: the clock the host and producer see.
        self.on_air_clock = OnAirClock()
        self._live_listeners: list[Callable[[bool], None]] = []   # told when streaming starts or stops
        self._was_streaming = False
        frame_hooks = []
        if plan.show.demo:
            from studio.core.graphics.demo import DemoDirector

            frame_hooks.append(DemoDirector(self.graphics).tick)
        elif plan.show.name:
            from studio.core.live_show import LiveShow

            self.live_show = LiveShow(self.db, plan.show.name, self.graphics, auto_advance=plan.show.auto_advance,
                                      on_air_at_start=start_live and bool(plan.destinations or plan.recording
                                                                          or plan.vertical_recording),
                                      on_air_clock=self.on_air_clock)
            frame_hooks.append(self.live_show.tick)
        self.video_spec, self.audio_spec = plan.sources.video, plan.sources.audio
        self.on_source_state = on_source_state
        self.switcher: Switcher | None = None
        if not plan.sources.inputs and self.live_show is not None:   # the show's own, stored with it
            from studio.core.show.show_inputs import stored_inputs

            plan = self.plan = dataclasses.replace(plan, sources=dataclasses.replace(
                plan.sources, inputs=tuple(stored_inputs(self.db, self.live_show.show.id))))
        if plan.sources.inputs:
            video = self.switcher = self._open_switcher(plan)
        else:
            video = open_video(plan.sources.video, plan.canvas, on_state_change=self.source_state_callback("camera"))
        audio = open_audio(plan.sources.audio, video, on_state_change=self.source_state_callback("microphone"))
        video.start()  # a camera or microphone that does not open is bad input, reported before anything starts
        if isinstance(video, CameraSource) and on_source_state is not None:
            on_source_state("camera", "live", f"{video.description}: asked {video.requested}, got {video.actual}")
        try:
            audio.start()
        except BaseException:
            video.close()
            raise
        self.mixer: Mixer | None = None
        if self.switcher is not None:   # every input with sound, and --audio, a channel of the mix
            try:
                audio = self.mixer = mixer_for(self.switcher, audio, plan.sources.audio, plan.sources.music_bed,
                                               plan.sources.duck_under)
            except BaseException:
                video.close()
                audio.close()
                raise
        if self.switcher is not None and self.live_show is not None:
            self.live_show.player.segment_listeners.append(self._air_segment_layout)
        stored = [d for d in plan.destinations if d.stored is not None]
        self._keystore: KeyStore | None = None
        self._key_writer: BackgroundWriter | None = None
        if stored:
            from studio.core.keystore import KeyStore

            self._keystore = KeyStore.open()
            self._key_writer = _key_store_writer()
        self._single_use_pending = {d.label: d.stored for d in stored}
        self.destinations: dict[str, OutputSink] = {}   # through the relay: its RelayedDestination
        self.relay = RelayOutputs(self)
        self.recordings: dict[str, OutputSink] = {}     # by canvas
        self.recording_paths: dict[str, Path] = {}
        self._recordings_made = 0
        self.recordings_written: list[Path] = []
        if self.live_show is not None:
            self.add_live_listener(self.live_show.target.set_live)
        self.engine = Engine(self.settings, video, audio, [], realtime=plan.realtime.paced,
                             overlays=[self.graphics], frame_hooks=frame_hooks, on_source_lost=self._source_lost,
                             extra_canvases=[self.vertical] if self.vertical else [], picture_format=PROGRAM_FORMAT,
                             before_first_frame=[lambda: self.graphics.wait_until_ready(GRAPHICS_READY_WAIT_S)])
        if self.mixer is not None:
            self.engine.limiter = Limiter()   # the master never clips, whatever the channels add up to
        self.monitor = open_monitor(plan.sources.monitor, self.engine, self.mixer,     # the producer's headphones
                                    self.source_state_callback("headphones monitor"))
        self.video_lost = False
        self.closers: list[threading.Thread] = []
        if start_live:
            for destination in plan.destinations:
                self._add_destination(destination)
            if self._planned_recordings():
                self.start_recording()
            self._on_air_changed()

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
                from studio.core.output.preflight import preflight

                report = preflight(self.plan.encoder_for(destination.canvas), destination.stored)
                reasons += [f"{destination.label}: {result.reason}" for result in report.failures]
            if destination.via_relay:
                continue   # the relay reaches the platform, not this computer
            try:
                check_reachable(destination.url, label=destination.label)
            except StudioError as error:
                reasons.append(str(error))
        return reasons + self.relay.preflight(chosen)

    def start_streaming(self, labels: list[str] | None = None) -> None:
        self.relay.refuse_part(labels, "go live")
        for destination in ([self.destination_plan(label) for label in labels] if labels else self.plan.destinations):
            if destination.label not in self.destinations:
                self._add_destination(destination)
        self._on_air_changed()

    def stop_streaming(self, labels: list[str] | None = None) -> None:
        self.relay.refuse_part(labels, "stop")
        if not labels or self.relay.labels & set(labels):
            self.relay.stop()
        for label in list(labels or self.destinations):
            sink = self.destinations.pop(label, None)
            if sink is not None:
                self.closers.append(self.engine.remove_output(sink))
        self._on_air_changed()

    @property
    def on_air(self) -> bool:
        return self.streaming or bool(self.recordings)

    def add_live_listener(self, listener: Callable[[bool], None]) -> None:
        """`listener(streaming)` now and whenever streaming starts or stops (the logo's LIVE badge)."""
        self._live_listeners.append(listener)
        listener(self.streaming)

    def _on_air_changed(self) -> None:
        """After any output starts or stops: the LIVE listeners, and the on-air clock (and the show's)."""
        if self.streaming != self._was_streaming:
            self._was_streaming = self.streaming
            for listener in self._live_listeners:
                listener(self.streaming)
        if self.on_air == self.on_air_clock.on_air:
            return
        frame = self.engine.frame_index
        if self.on_air:   # what goes out starts at the next keyframe (engine.add_output): the recording's 0:00
            interval = self.settings.keyframe_interval_frames
            frame = -(-frame // interval) * interval
        show_time_s = self.engine.clock.frame_time_s(frame)
        if self.live_show is not None:
            self.live_show.set_on_air(self.on_air, show_time_s, streaming=self.streaming,
                                      recording=bool(self.recordings))
        elif self.on_air:
            self.on_air_clock.went_on_air(show_time_s)
        else:
            self.on_air_clock.went_off_air(show_time_s)

    def reconnect(self, label: str) -> None:
        destination = self.destination_plan(label)
        if label not in self.destinations:
            raise UserInputError(f"destination {label!r} is not live; start it first")
        if destination.via_relay:
            raise UserInputError(f"destination {label} is pushed by the relay, which reconnects it on its own")
        self.closers.append(self.engine.remove_output(self.destinations.pop(label)))   # on air throughout
        self._add_destination(destination)

    def _add_destination(self, destination: DestinationPlan) -> None:
        if destination.via_relay:
            self.relay.add(destination)
            return
        spec = destination_spec(destination.url, self.plan.encoder_for(destination.canvas).layout(),
                                ca_file=destination.ca_file, label=destination.label)
        sink = OutputSink(spec, reconnect=True, on_state_change=self.state_changed, realtime=self.plan.realtime.paced)
        self.destinations[destination.label] = sink
        self.engine.add_output(sink, destination.canvas)

    def attach_destination(self, destination: DestinationPlan, keystore: KeyStore | None = None) -> bool:
        """Engine thread: a destination added while the engine runs. It joins the plan (the next go live
        sends to it) and, when the show is live, starts now (fed from the next keyframe). True if started."""
        if any(d.label == destination.label for d in self.plan.destinations):
            raise UserInputError(f"destination {destination.label} is already in this engine")
        if destination.canvas == VERTICAL and self.vertical is None:
            raise UserInputError("this engine has no vertical canvas (start it with --to-vertical, "
                                 "--record-vertical or a vertical destination)")
        self.plan = dataclasses.replace(self.plan, destinations=self.plan.destinations + (destination,))
        if destination.stored is not None and keystore is not None:
            self._keystore = self._keystore or keystore
            if self._key_writer is None:
                self._key_writer = _key_store_writer()
            self._single_use_pending[destination.label] = destination.stored
        if not self.streaming:
            return False
        self._add_destination(destination)
        return True

    def detach_destination(self, label: str) -> bool:
        """Engine thread: stop sending to a destination (if it runs) and drop it from the plan. True if it ran."""
        self.destination_plan(label)
        running = label in self.destinations
        if running:
            self.stop_streaming([label])
        self.plan = dataclasses.replace(self.plan, destinations=tuple(
            d for d in self.plan.destinations if d.label != label))
        self._single_use_pending.pop(label, None)
        return running

    def set_vertical_crop(self, offset: float) -> float:
        """Engine thread: move the vertical canvas's window across the camera picture (-1 .. 0 .. +1)."""
        if self.vertical is None:
            raise UserInputError("this show has no vertical canvas (start it with --to-vertical or --record-vertical)")
        self.vertical.set_crop_offset(offset)
        return self.vertical.crop_offset

    @property
    def recording(self) -> OutputSink | None:
        """The recording running (the main canvas's when both canvases record), or None."""
        return self.recordings.get(LANDSCAPE) or self.recordings.get(VERTICAL)

    @property
    def recording_path(self) -> Path | None:
        return self.recording_paths.get(LANDSCAPE) or self.recording_paths.get(VERTICAL)

    def _planned_recordings(self) -> dict[str, Path]:
        planned = {LANDSCAPE: self.plan.recording, VERTICAL: self.plan.vertical_recording}
        return {canvas: path for canvas, path in planned.items() if path is not None}

    def start_recording(self) -> Path:
        """Start every planned recording (one per canvas); returns the main one's path."""
        planned = self._planned_recordings()
        if not planned:
            raise UserInputError("this engine records nowhere: start it with --record PATH or --record-vertical PATH")
        if self.recordings:
            raise UserInputError(f"already recording to {self.recording_path}")
        self._recordings_made += 1
        for canvas, path in planned.items():
            if self._recordings_made > 1:
                path = next_free_name(path, self._recordings_made, self.plan.overwrite_recording)
            spec = recording_spec(path, self.plan.encoder_for(canvas).layout(),
                                  overwrite=self.plan.overwrite_recording)
            sink = OutputSink(spec, reconnect=False, on_state_change=self.state_changed,
                              realtime=self.plan.realtime.paced)
            self.recordings[canvas], self.recording_paths[canvas] = sink, path
            self.recordings_written.append(path)
            self.engine.add_output(sink, canvas)
        self._on_air_changed()
        return self.recording_path

    def stop_recording(self) -> Path:
        if not self.recordings:
            raise UserInputError("not recording")
        path = self.recording_path
        for sink in self.recordings.values():
            self.closers.append(self.engine.remove_output(sink))
        self.recordings, self.recording_paths = {}, {}
        self._on_air_changed()
        return path

    def all_health(self) -> list[OutputHealth]:
        return [health for sink in self.engine.outputs for health in sink.healths()]

    # -- sources (engine thread) -------------------------------------------------------------------

    def _open_switcher(self, plan: Plan) -> Switcher:
        """The switcher with every --input opened (a bad spec refused before anything starts)."""
        switcher = Switcher(plan.canvas.width, plan.canvas.height, slates=Slates(self.graphics.renderer))
        try:
            for name, spec in plan.sources.inputs:
                switcher.add(open_input(name, spec, plan.canvas, on_state=self.input_state_callback()))
        except BaseException:
            switcher.close()
            raise
        self.video_spec = f"inputs ({', '.join(switcher.inputs)})"
        return switcher

    def _air_segment_layout(self, segment) -> None:
        """A segment that names a layout of inputs airs it as it starts (with the take's transition, if any)."""
        if segment.layout:
            try:
                self.switcher.put_on_program(layout_from_dict(segment.layout))
            except UserInputError as error:
                log.warning("segment %s: its layout %s is not aired (%s)", segment.display_title, segment.layout, error)

    def input_state_callback(self):
        """What an input's reader reports its state to (`input NAME`, on the reader's thread)."""
        listener = self.on_source_state
        if listener is None:
            return None
        return lambda name, state, reason: listener(f"input {name}", state, reason)

    def replace_video(self, spec: str, video) -> None:
        self.engine.replace_video(video)
        self.video_spec = spec

    def replace_audio(self, spec: str, audio) -> None:
        if self.mixer is not None:     # the --audio channel of the mix changes; the inputs' channels stay
            old = self.mixer.replace_source(audio, audio_channel_name(spec))
            if old is not None:
                threading.Thread(target=old.close, name="close audio source").start()
        else:
            self.engine.replace_audio(audio)
        self.audio_spec = spec

    def source_state_callback(self, what: str) -> Callable[[str, str], None] | None:
        """What a camera or microphone opened for this session (now or by a live switch) reports to."""
        listener = self.on_source_state
        if listener is None:
            return None
        return lambda state, reason: listener(what, state, reason)

    @property
    def audio_state(self) -> str:
        """"live" or "lost" for a microphone; "live" for sound that cannot go away."""
        return getattr(self.engine.audio, "state", "live")

    # -- running -----------------------------------------------------------------------------------

    def state_changed(self, health: OutputHealth, previous: OutputState) -> None:
        if health.state == OutputState.LIVE and health.label in self._single_use_pending:
            stored = self._single_use_pending.pop(health.label)
            if stored.platform.key_single_use and stored.publish_url is not None:
                self._key_writer.submit(f"spend the single-use key of {stored.name}",
                                        lambda _: self._keystore.mark_used(stored.name, stored.show))
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
        finally:  # the owner waits for its outputs and writers, whatever ended the show
            for closer in self.closers:
                closer.join(10.0)
            if self.live_show is not None:
                self.live_show.finish(self.engine.stats.show_time_s)
            if self._key_writer is not None:
                self._key_writer.close()
            self.graphics.close()
            if self.monitor is not None:
                self.monitor.close()
        return stats


def _key_store_writer() -> BackgroundWriter:
    """Spending a single-use key writes the key store (keyring or file): never on the frame loop."""
    from studio.core.show.background_writer import BackgroundWriter

    return BackgroundWriter(None, name="key store")
