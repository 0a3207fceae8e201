"""What the engine reports once a second: frames, skips, lateness, outputs' health, the program's sound."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.output.health import OutputHealth


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
