"""What the engine reports once a second: frames, skips, lateness, outputs' health, the program's sound."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.output.health import OutputHealth

STATS_INTERVAL_S = 1.0


@dataclass
class EngineStats:
    elapsed_s: float = 0.0
    show_time_s: float = 0.0
    frames_encoded: int = 0
    fps: float = 0.0
    frames_skipped: int = 0
    frames_repeated: int = 0
    slate_frames: int = 0
    hook_errors: int = 0
    max_lateness_ms: float = 0.0
    frame_render_ms: float = 0.0   # composing a frame on the engine thread, averaged over the last second
    outputs: list[OutputHealth] = field(default_factory=list)
    # The program's sound: source, state, gain, mute, meter (peak/RMS dBFS), clip count.
    audio: dict = field(default_factory=dict)
    # where the interval being measured started, and its frames' compose time so far (not reported)
    _interval_frames: int = field(default=0, repr=False)
    _interval_start_s: float = field(default=0.0, repr=False)
    _interval_render_s: float = field(default=0.0, repr=False)

    def rendered(self, seconds: float) -> None:
        """A frame was composed in `seconds` (engine thread)."""
        self._interval_render_s += seconds

    def close_interval(self, elapsed_s: float) -> bool:
        """Once STATS_INTERVAL_S has passed: the interval's fps and frame render time, and a new interval.
        True when it closed one (the caller reports the stats then)."""
        if elapsed_s - self._interval_start_s < STATS_INTERVAL_S:
            return False
        frames = self.frames_encoded - self._interval_frames
        self.fps = frames / (elapsed_s - self._interval_start_s)
        self.frame_render_ms = 1000 * self._interval_render_s / max(1, frames)
        self._interval_frames, self._interval_start_s, self._interval_render_s = self.frames_encoded, elapsed_s, 0.0
        self.elapsed_s = elapsed_s
        return True

    def as_dict(self) -> dict:
        return {
            "elapsed_s": round(self.elapsed_s, 3), "show_time_s": round(self.show_time_s, 3),
            "frames_encoded": self.frames_encoded, "fps": round(self.fps, 2),
            "frames_skipped": self.frames_skipped, "frames_repeated": self.frames_repeated,
            "slate_frames": self.slate_frames, "hook_errors": self.hook_errors, "max_lateness_ms": round(self.max_lateness_ms, 1),
            "frame_render_ms": round(self.frame_render_ms, 2),
            "outputs": [output.as_dict() for output in self.outputs],
            "audio": dict(self.audio),
        }
