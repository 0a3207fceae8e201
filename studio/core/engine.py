"""The engine: one show clock, one compositor, one encode per canvas, many outputs.

Each tick: wait for the frame's show time, pull the source, composite the
graphics, hand each canvas's picture to its encoder thread, push the packets
that are ready to every output without waiting on any. Audio is encoded in
AAC-sized blocks kept just ahead of the video so both share the show clock's origin.

Encoding runs one frame behind (studio.core.output.encoder_thread), so x264
works while this thread composes the next frame. The rules stay (see
docs/performance.md, tests/output/test_engine_frame_order.py): changes apply
here at a frame boundary and land in that frame; packets reach the outputs from
this thread only, in frame order, each frame's audio after its pictures; the
encoders are flushed at the end. A canvas with no output bound is composed but
not encoded (its encode starts on a keyframe boundary once one is bound).

A second canvas (the vertical one) is filled from the same source picture in
the same tick, after the graphics state was applied for the main canvas, and
encoded with the same frame number, so both canvases change on the same frame.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from typing import Callable, Sequence

import numpy as np

from studio.core.audio_strip import AudioStrip
from studio.core.canvas import LANDSCAPE
from studio.core.capture.source import AUDIO_SAMPLE_RATE, AudioSource, VideoSource
from studio.core.clock import ShowClock
from studio.core import picture
from studio.core.frame_fit import fit_picture
from studio.core.output.encoder import AAC_FRAME_SAMPLES, EncoderSettings, ProgramEncoder
from studio.core.output.encoder_thread import EncoderThread
from studio.core.output.packets import EncodedPacket
from studio.core.engine_stats import EngineStats
from studio.core.engine_parts import ExtraCanvas, ProgramOverlay
from studio.core.output.health import OutputHealth
from studio.core.output.sink import OutputSink
from studio.core.slate import Slates
from studio.core.transition import ProgramTransition

log = logging.getLogger(__name__)

# Beyond this lag the engine skips frames instead of trying to catch up.
MAX_LAG_BEFORE_SKIP_S = 0.5
SUPERVISE_EVERY_FRAMES = 5


class Engine:
    def __init__(
        self,
        settings: EncoderSettings,
        video: VideoSource,
        audio: AudioSource,
        outputs: Sequence[OutputSink],
        realtime: bool = True,
        overlays: Sequence[ProgramOverlay] = (),
        frame_hooks: Sequence[Callable[[float], None]] = (),
        slate_after_s: float = 2.0,
        on_source_lost: Callable[[bool], None] | None = None,
        after_frame: Sequence[Callable[[int, np.ndarray], None]] = (),
        extra_canvases: Sequence[ExtraCanvas] = (),
        after_encoded: Sequence[Callable[[int], None]] = (),
        picture_format: str = picture.BGR,
        before_first_frame: Sequence[Callable[[], None]] = (),
    ):
        """`on_source_lost(True)` is called when the picture has been gone for `slate_after_s`
        (the caller puts its slate graphic up) and `on_source_lost(False)` when it returns;
        without it the engine shows a plain slate of its own. `after_frame(frame_index, program)`
        hooks run once the frame is composed and handed to the encoders (`program` is that frame's
        picture until the next tick); `after_encoded(frame_index)` hooks run once every canvas's
        packets of that frame were handed to the outputs (at once for a frame nothing encodes).
        Every hook runs on the engine thread; `before_first_frame` ones after the outputs start. Outputs are bound to the main canvas unless
        `add_output` names one of `extra_canvases`. `picture_format` is the format the canvases are
        composed in (studio/core/picture.py): BGR, or I420, the encoder's own, where a file decoded
        into it reaches x264 with no colour conversion (overlays, hooks and the extra canvases then
        get I420 pictures)."""
        self.settings = settings
        self.video = video
        self.audio = audio
        self.outputs = list(outputs)
        self.extra_canvases = {canvas.name: canvas for canvas in extra_canvases}
        self._canvas_of: dict[int, str] = {}
        self._canvas_frames: dict[str, np.ndarray] = {}
        self._extra_encoders: dict[str, ProgramEncoder] = {}
        self._encode_threads: dict[str, EncoderThread] = {}
        self._packets_ready = threading.Event()
        # Frames composed whose packets are not all out yet, each with the audio encoded after it
        # (pushed once the frame's pictures are, so every output gets them in the order they were made).
        self._composed: collections.deque[tuple[int, list[EncodedPacket]]] = collections.deque()
        self.overlays = list(overlays)
        self.before_first_frame = list(before_first_frame)
        self.frame_hooks = list(frame_hooks)
        self.clock = ShowClock(settings.fps, realtime=realtime)
        self.slate_after_s = slate_after_s
        self.stats = EngineStats(outputs=[health for output in self.outputs for health in output.healths()])
        self.picture_format = picture_format
        self._program = picture.blank(settings.width, settings.height, picture_format)
        self._fit_scratch: dict = {}
        # Each canvas is composed into one of two pictures in turn, so the picture aired last frame
        # is still whole while this one is composed: a fade's outgoing picture, at no copy per frame.
        self._last_pictures: dict[str, np.ndarray] = {}
        self._transition = ProgramTransition()
        self.on_source_lost = on_source_lost
        self._slate = (None if on_source_lost
                       else Slates().picture(settings.width, settings.height, picture_format=picture_format))
        self._source_lost = False
        self._last_source: np.ndarray | None = None
        self._encoder: ProgramEncoder | None = None
        self.after_frame = list(after_frame)
        self.after_encoded = list(after_encoded)
        self.frame_index = 0
        self._running = False
        self.audio_strip = AudioStrip()
        self.limiter = None       # on the master after its gain (a show with inputs: studio/core/inputs/dynamics.py)
        self.sound_tap = None     # given each block of sound as it airs (the headphones monitor: core/output/monitor.py)
        self._failed_hooks: set[str] = set()

    def output_health(self) -> list[OutputHealth]:
        """A copy of every output's health, safe to hand to another thread (the UI polls this)."""
        return [dataclasses.replace(health) for output in self.outputs for health in output.healths()]

    # -- changes while running: engine thread only (live commands are applied there) --------

    def add_output(self, output: OutputSink, canvas: str = LANDSCAPE) -> None:
        """Start an output bound to `canvas` and feed it from the next keyframe on."""
        if canvas != LANDSCAPE and canvas not in self.extra_canvases:
            raise ValueError(f"no {canvas} canvas in this engine")
        self._canvas_of[id(output)] = canvas
        self.outputs.append(output)
        self.stats.outputs = [health for o in self.outputs for health in o.healths()]
        if self._running:
            output.start()

    def remove_output(self, output: OutputSink, timeout_s: float = 5.0) -> threading.Thread:
        """Stop feeding an output and close it on a thread of its own (closing may take seconds)."""
        self.outputs.remove(output)
        self._canvas_of.pop(id(output), None)
        self.stats.outputs = [health for o in self.outputs for health in o.healths()]
        closer = threading.Thread(target=output.close, args=(timeout_s,), name=f"close {output.spec.label}")
        closer.start()
        return closer

    def replace_video(self, video: VideoSource) -> None:
        """Switch to an opened, started source; the old one closes off the frame loop."""
        old, self.video = self.video, video
        video.prefer_format(self.picture_format)
        threading.Thread(target=old.close, name="close video source").start()

    def replace_audio(self, audio: AudioSource) -> None:
        old, self.audio = self.audio, audio
        threading.Thread(target=old.close, name="close audio source").start()

    def set_muted(self, muted: bool) -> float:
        """Mute or unmute the program's sound; returns the show time it applies from (the as-run time)."""
        self.audio_strip.set_muted(muted)
        return self.clock.frame_time_s(self.frame_index)

    def set_gain_db(self, gain_db: float) -> float:
        """Set the program's sound gain (ValueError outside -60..+20 dB); returns the show time it applies from."""
        self.audio_strip.set_gain_db(gain_db)
        return self.clock.frame_time_s(self.frame_index)

    def _update_audio_stats(self) -> None:
        meter = self.audio_strip.read_meter()
        self.stats.audio = {
            "source": self.audio.description, **self.audio.health(),
            "muted": self.audio_strip.muted, "gain_db": self.audio_strip.gain_db,
            "peak_dbfs": round(meter.peak_dbfs, 1), "rms_dbfs": round(meter.rms_dbfs, 1),
            "clipped_samples": meter.clipped_samples,
        }

    def canvas_of(self, output: OutputSink) -> str:
        return self._canvas_of.get(id(output), LANDSCAPE)

    def _fan_out(self, packets: list[EncodedPacket], canvas: str | None = None) -> None:
        """Audio (canvas None) goes to every output; video only to the outputs bound to its canvas."""
        if not packets:
            return
        outputs = self.outputs if canvas is None else [o for o in self.outputs if self.canvas_of(o) == canvas]
        for packet in packets:
            for output in outputs:
                output.push(packet)

    def _compose(self, show_time_s: float, last_source_at_s: float) -> float:
        source = self.video.frame_at(show_time_s)
        if source is not None:
            self._last_source = source
            fit_picture(source, self._program, self._fit_scratch)
            self._reframe_extra_canvases(source)
            last_source_at_s = show_time_s
            self._note_source_lost(False)
        elif show_time_s - last_source_at_s >= self.slate_after_s:
            self._note_source_lost(True)
            if self._slate is not None:
                np.copyto(self._program, self._slate)
                for canvas in self.extra_canvases.values():
                    canvas.show_plain_slate()
            elif self._last_source is not None:
                self._refit_last_source()  # under the slate graphic, as below
            self.stats.slate_frames += 1
        else:
            # Repeat the last picture: fitted afresh, so the graphics are not blended onto last frame's.
            if self._last_source is not None:
                self._refit_last_source()
            self.stats.frames_repeated += 1
        for hook in self.frame_hooks:
            self._run_contained(hook, show_time_s)
        if self.video.changed_by_commands():   # e.g. a take on the switcher: this frame shows it
            self._last_source = self.video.frame_at(show_time_s)
            self._refit_last_source()
        for overlay in self.overlays:
            overlay.composite(self._program, show_time_s)
        for canvas in self.extra_canvases.values():
            canvas.draw_graphics(show_time_s)  # the state the main canvas's composite just applied
        return last_source_at_s

    def _turn_pictures(self) -> None:
        """Compose this frame into each canvas's other picture; last frame's stays as it aired."""
        for name, composed in list(self._canvas_frames.items()):
            other = self._last_pictures.get(name)
            self._last_pictures[name] = composed
            self._canvas_frames[name] = other if other is not None else np.zeros_like(composed)
        self._program = self._canvas_frames[LANDSCAPE]
        for name, canvas in self.extra_canvases.items():
            canvas.frame = self._canvas_frames[name]

    # -- transitions: engine thread, before this frame's graphics are composited (a live command) --

    def start_transition(self, duration_frames: int) -> None:
        """Dissolve every canvas from the picture aired last frame to what is composed from this frame
        on, over `duration_frames` frames: this frame is 1/N of the way, frame N - 1 after it the new
        picture alone. A fade started during another starts from what aired last."""
        self._transition.start(self._aired_pictures(), duration_frames)

    def hold_transition(self, position: float = 0.0) -> None:
        """A manual transition (the T-bar): last frame's picture is held and blended with the new one
        at `position` (0.0 .. 1.0) on every frame until `finish_transition`."""
        self._transition.hold(self._aired_pictures(), position)

    def move_transition(self, position: float) -> None:
        self._transition.move(position)

    def finish_transition(self) -> None:
        self._transition.finish()

    def when_transition_done(self, callback: Callable[[], None]) -> None:
        """Call `callback` (engine thread) once no transition runs: at once, or on the frame that ends it."""
        self._transition.when_done(callback)

    @property
    def transition_held(self) -> bool:
        return self._transition.held

    @property
    def tbar_position(self) -> float | None:
        """Where the T-bar holds a manual transition (None: it holds none)."""
        return self._transition.position if self._transition.held else None

    @property
    def transition_running(self) -> bool:
        return self._transition.active

    def _aired_pictures(self) -> dict[str, np.ndarray]:
        return {name: self._last_pictures.get(name, picture) for name, picture in self._canvas_frames.items()}

    def _run_contained(self, hook: Callable[[float], None], show_time_s: float) -> None:
        """A frame hook's error costs that hook's work for this frame, never the show: logged the first
        time for each hook (a broken hook would otherwise log 30 tracebacks a second), then counted."""
        try:
            hook(show_time_s)
        except Exception:
            self.stats.hook_errors += 1
            name = getattr(hook, "__qualname__", repr(hook))
            if name not in self._failed_hooks:
                self._failed_hooks.add(name)
                log.exception("frame hook %s failed; the program goes on", name)

    def _refit_last_source(self) -> None:
        fit_picture(self._last_source, self._program, self._fit_scratch)
        self._reframe_extra_canvases(self._last_source)

    def _reframe_extra_canvases(self, source: np.ndarray) -> None:
        for canvas in self.extra_canvases.values():   # the source may compose a canvas's own (the switcher's layouts)
            canvas.reframe(self.video.picture_for(canvas.name, canvas.settings.width, canvas.settings.height, source))

    def _note_source_lost(self, lost: bool) -> None:
        if lost != self._source_lost:
            self._source_lost = lost
            if self.on_source_lost is not None:
                self.on_source_lost(lost)

    def _encode_audio_until(self, show_time_s: float) -> None:
        target_samples = int(round(show_time_s * AUDIO_SAMPLE_RATE))
        while self._encoder.audio_samples_encoded < target_samples:
            block = self.audio.read(AAC_FRAME_SAMPLES)
            if not block.flags.writeable:
                block = block.copy()
            block = self.audio_strip.process(block)
            block = self.limiter.process(block) if self.limiter else block
            if self.sound_tap is not None:
                self.sound_tap(block)
            packets = self._encoder.encode_audio(block)
            if self._composed:
                self._composed[-1][1].extend(packets)  # after this frame's pictures, as the encode order
            else:
                self._fan_out(packets)

    def run(
        self,
        duration_s: float | None = None,
        stop: threading.Event | None = None,
        on_stats: Callable[[EngineStats], None] | None = None,
    ) -> EngineStats:
        """Run until `duration_s` of show time has gone out, or `stop` is set."""
        stop = stop or threading.Event()
        self._encoder = ProgramEncoder(self.settings)
        self._extra_encoders = {name: ProgramEncoder(canvas.settings, with_audio=False)
                                for name, canvas in self.extra_canvases.items()}
        self._canvas_frames = {LANDSCAPE: self._program,
                               **{name: canvas.frame for name, canvas in self.extra_canvases.items()}}
        self.video.prefer_format(self.picture_format)
        self.video.start()
        self.audio.start()
        for output in self.outputs:
            output.start()
        for hook in self.before_first_frame:
            hook()
        self._running = True
        fps = self.settings.fps
        last_source_at_s = 0.0
        frame_index = 0
        total_frames = None if duration_s is None else int(round(duration_s * fps))
        self.clock.start()
        try:
            while not stop.is_set() and (total_frames is None or frame_index < total_frames):
                lateness_s = self._wait_for_frame(frame_index)
                self.stats.max_lateness_ms = max(self.stats.max_lateness_ms, lateness_s * 1000)
                if lateness_s > MAX_LAG_BEFORE_SKIP_S:
                    skipped = int(lateness_s * fps)
                    if total_frames is not None:
                        skipped = min(skipped, total_frames - frame_index - 1)
                    frame_index += skipped
                    self.stats.frames_skipped += skipped
                show_time_s = self.clock.frame_time_s(frame_index)
                self.frame_index = frame_index
                for encoder in self._encode_threads.values():
                    encoder.wait_until_free()  # it has read last frame's picture
                self._turn_pictures()
                render_started_s = time.perf_counter()
                last_source_at_s = self._compose(show_time_s, last_source_at_s)
                self._transition.blend(self._canvas_frames)
                self.stats.rendered(time.perf_counter() - render_started_s)
                self._submit(frame_index)
                for hook in self.after_frame:
                    hook(frame_index, self._program)
                self._encode_audio_until(self.clock.frame_time_s(frame_index + 1))
                self._deliver_encoded()
                frame_index += 1
                self.stats.frames_encoded += 1
                self.stats.show_time_s = self.clock.frame_time_s(frame_index)
                if frame_index % SUPERVISE_EVERY_FRAMES == 0:
                    self._supervise_outputs()
                if self.stats.close_interval(self.clock.elapsed_s()):
                    self._update_audio_stats()
                    if on_stats:
                        on_stats(self.stats)
            self._finish_encodes()
            self._fan_out(self._encoder.flush_audio())
            self._update_audio_stats()
        finally:
            self._running = False
            for encoder in self._encode_threads.values():
                encoder.close()
            self.video.close()
            self.audio.close()
            self._close_outputs()
        self.stats.elapsed_s = self.clock.elapsed_s()
        return self.stats

    # -- encoding, one frame behind, on a thread per canvas -------------------------------------------

    def _wait_for_frame(self, frame_index: int) -> float:
        """The clock's wait, pushing each encoded frame's packets out as soon as they are ready
        rather than at the next tick. Returns the frame's lateness."""
        while self.clock.realtime and self._encode_threads:
            ahead_s = self.clock.seconds_until(frame_index)
            if ahead_s <= 0 or not self._packets_ready.wait(ahead_s):
                break
            self._deliver_encoded()
        return self.clock.wait_for_frame(frame_index)

    def _submit(self, frame_index: int) -> None:
        for name, composed in self._canvas_frames.items():
            encoder = self._encode_threads.get(name)
            if encoder is None and self._wanted(name, frame_index):
                video = self._encoder if name == LANDSCAPE else self._extra_encoders[name]
                encoder = self._encode_threads[name] = EncoderThread(video, name, self._packets_ready)
            if encoder is not None:
                encoder.submit(composed, frame_index)
        self._composed.append((frame_index, []))

    def _wanted(self, canvas: str, frame_index: int) -> bool:
        """Start a canvas's encode once an output is bound to it, on a keyframe boundary so both
        canvases' keyframes stay on the same frames."""
        return (frame_index % self.settings.keyframe_interval_frames == 0
                and any(self.canvas_of(output) == canvas for output in self.outputs))

    def _deliver_encoded(self) -> None:
        """Push the packets encoded so far to the outputs (frame order per canvas), then run the
        `after_encoded` hooks of every frame all canvases are done with."""
        self._packets_ready.clear()
        for name, encoder in self._encode_threads.items():
            for _, packets in encoder.take_ready():
                self._fan_out(packets, name)
        self._frames_out(max((encoder.in_flight for encoder in self._encode_threads.values()), default=0))

    def _frames_out(self, still_encoding: int) -> None:
        while len(self._composed) > still_encoding:
            frame_index, audio = self._composed.popleft()
            self._fan_out(audio)
            for hook in self.after_encoded:
                hook(frame_index)

    def _finish_encodes(self) -> None:
        for name, encoder in self._encode_threads.items():
            for _, packets in encoder.finish():
                self._fan_out(packets, name)
        self._frames_out(0)

    def _supervise_outputs(self) -> None:
        for output in self.outputs:
            output.supervise()

    def _close_outputs(self, timeout_s: float = 5.0) -> None:
        """Close every output in parallel, so a frozen one costs at most `timeout_s` in all."""
        closers = [threading.Thread(target=output.close, args=(timeout_s,)) for output in self.outputs]
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join(timeout_s + 2.0)
