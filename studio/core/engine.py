"""The engine: one show clock, one compositor, one encode, many outputs.

Each tick: wait for the frame's show time, pull the source, composite the
graphics, encode once, hand the packets to every output without waiting on
any. Audio is encoded in AAC-sized blocks kept just ahead of the video so
both share the show clock's origin.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import numpy as np

from studio.core.capture.source import AUDIO_SAMPLE_RATE, AudioSource, VideoSource
from studio.core.clock import ShowClock
from studio.core.frame_fit import fit_into
from studio.core.output.encoder import AAC_FRAME_SAMPLES, EncoderSettings, ProgramEncoder
from studio.core.output.packets import EncodedPacket
from studio.core.output.health import OutputHealth
from studio.core.output.sink import OutputSink
from studio.core.slate import draw_slate

# Beyond this lag the engine skips frames instead of trying to catch up.
MAX_LAG_BEFORE_SKIP_S = 0.5
STATS_INTERVAL_S = 1.0
SUPERVISE_EVERY_FRAMES = 5


class ProgramOverlay(Protocol):
    def composite(self, frame_bgr: np.ndarray, show_time_s: float) -> None: ...


@dataclass
class EngineStats:
    elapsed_s: float = 0.0
    show_time_s: float = 0.0
    frames_encoded: int = 0
    fps: float = 0.0
    frames_skipped: int = 0
    frames_repeated: int = 0
    slate_frames: int = 0
    max_lateness_ms: float = 0.0
    outputs: list[OutputHealth] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "elapsed_s": round(self.elapsed_s, 3), "show_time_s": round(self.show_time_s, 3),
            "frames_encoded": self.frames_encoded, "fps": round(self.fps, 2),
            "frames_skipped": self.frames_skipped, "frames_repeated": self.frames_repeated,
            "slate_frames": self.slate_frames, "max_lateness_ms": round(self.max_lateness_ms, 1),
            "outputs": [output.as_dict() for output in self.outputs],
        }


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
    ):
        """`on_source_lost(True)` is called when the picture has been gone for `slate_after_s`
        (the caller puts its slate graphic up) and `on_source_lost(False)` when it returns;
        without it the engine shows a plain slate of its own. `after_frame(frame_index, program)`
        hooks run once the frame is encoded (its packets handed to the outputs)."""
        self.settings = settings
        self.video = video
        self.audio = audio
        self.outputs = list(outputs)
        self.overlays = list(overlays)
        self.frame_hooks = list(frame_hooks)
        self.clock = ShowClock(settings.fps, realtime=realtime)
        self.slate_after_s = slate_after_s
        self.stats = EngineStats(outputs=[output.health for output in self.outputs])
        self._program = np.zeros((settings.height, settings.width, 3), np.uint8)
        self.on_source_lost = on_source_lost
        self._slate = None if on_source_lost else draw_slate(settings.width, settings.height)
        self._source_lost = False
        self._encoder: ProgramEncoder | None = None
        self.after_frame = list(after_frame)
        self.frame_index = 0
        self._running = False

    def output_health(self) -> list[OutputHealth]:
        """A copy of every output's health, safe to hand to another thread (the UI polls this)."""
        return [dataclasses.replace(output.health) for output in self.outputs]

    # -- changes while running: engine thread only (live commands are applied there) --------

    def add_output(self, output: OutputSink) -> None:
        """Start an output and feed it from the next keyframe on."""
        self.outputs.append(output)
        self.stats.outputs = [o.health for o in self.outputs]
        if self._running:
            output.start()

    def remove_output(self, output: OutputSink, timeout_s: float = 5.0) -> threading.Thread:
        """Stop feeding an output and close it on a thread of its own (closing may take seconds)."""
        self.outputs.remove(output)
        self.stats.outputs = [o.health for o in self.outputs]
        closer = threading.Thread(target=output.close, args=(timeout_s,), name=f"close {output.spec.label}")
        closer.start()
        return closer

    def replace_video(self, video: VideoSource) -> None:
        """Switch to an opened, started source; the old one closes off the frame loop."""
        old, self.video = self.video, video
        threading.Thread(target=old.close, name="close video source").start()

    def replace_audio(self, audio: AudioSource) -> None:
        old, self.audio = self.audio, audio
        threading.Thread(target=old.close, name="close audio source").start()

    def _fan_out(self, packets: list[EncodedPacket]) -> None:
        for packet in packets:
            for output in self.outputs:
                output.push(packet)

    def _compose(self, show_time_s: float, last_source_at_s: float) -> float:
        source = self.video.frame_at(show_time_s)
        if source is not None:
            fit_into(source, self._program)
            last_source_at_s = show_time_s
            self._note_source_lost(False)
        elif show_time_s - last_source_at_s >= self.slate_after_s:
            self._note_source_lost(True)
            if self._slate is not None:
                np.copyto(self._program, self._slate)
            self.stats.slate_frames += 1
        else:
            self.stats.frames_repeated += 1
        for hook in self.frame_hooks:
            hook(show_time_s)
        for overlay in self.overlays:
            overlay.composite(self._program, show_time_s)
        return last_source_at_s

    def _note_source_lost(self, lost: bool) -> None:
        if lost != self._source_lost:
            self._source_lost = lost
            if self.on_source_lost is not None:
                self.on_source_lost(lost)

    def _encode_audio_until(self, show_time_s: float) -> None:
        target_samples = int(round(show_time_s * AUDIO_SAMPLE_RATE))
        while self._encoder.audio_samples_encoded < target_samples:
            self._fan_out(self._encoder.encode_audio(self.audio.read(AAC_FRAME_SAMPLES)))

    def run(
        self,
        duration_s: float | None = None,
        stop: threading.Event | None = None,
        on_stats: Callable[[EngineStats], None] | None = None,
    ) -> EngineStats:
        """Run until `duration_s` of show time has gone out, or `stop` is set."""
        stop = stop or threading.Event()
        self._encoder = ProgramEncoder(self.settings)
        self.video.start()
        for output in self.outputs:
            output.start()
        self._running = True
        fps = self.settings.fps
        last_frames, last_stats_s = 0, 0.0
        last_source_at_s = 0.0
        frame_index = 0
        total_frames = None if duration_s is None else int(round(duration_s * fps))
        self.clock.start()
        try:
            while not stop.is_set() and (total_frames is None or frame_index < total_frames):
                lateness_s = self.clock.wait_for_frame(frame_index)
                self.stats.max_lateness_ms = max(self.stats.max_lateness_ms, lateness_s * 1000)
                if lateness_s > MAX_LAG_BEFORE_SKIP_S:
                    skipped = int(lateness_s * fps)
                    if total_frames is not None:
                        skipped = min(skipped, total_frames - frame_index - 1)
                    frame_index += skipped
                    self.stats.frames_skipped += skipped
                show_time_s = self.clock.frame_time_s(frame_index)
                self.frame_index = frame_index
                last_source_at_s = self._compose(show_time_s, last_source_at_s)
                self._fan_out(self._encoder.encode_video(self._program, frame_index))
                for hook in self.after_frame:
                    hook(frame_index, self._program)
                self._encode_audio_until(self.clock.frame_time_s(frame_index + 1))
                frame_index += 1
                self.stats.frames_encoded += 1
                self.stats.show_time_s = self.clock.frame_time_s(frame_index)
                if frame_index % SUPERVISE_EVERY_FRAMES == 0:
                    self._supervise_outputs()
                elapsed_s = self.clock.elapsed_s()
                if elapsed_s - last_stats_s >= STATS_INTERVAL_S:
                    self.stats.fps = (self.stats.frames_encoded - last_frames) / (elapsed_s - last_stats_s)
                    last_frames, last_stats_s = self.stats.frames_encoded, elapsed_s
                    self.stats.elapsed_s = elapsed_s
                    if on_stats:
                        on_stats(self.stats)
            self._fan_out(self._encoder.flush())
        finally:
            self._running = False
            self.video.close()
            self.audio.close()
            self._close_outputs()
        self.stats.elapsed_s = self.clock.elapsed_s()
        return self.stats

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
