"""The first-run wizard's encoder test: the largest size and preset this machine sustains.

As OBS's auto-configuration does: encode a few seconds per candidate, largest first, to an output
nobody watches (a recording in a temporary folder, deleted), and keep the first candidate whose
frames skipped stay within MAX_SKIPPED_SHARE of the frames due. Each run is `studio broadcast` in a
process of its own, so the window stays responsive.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from studio.child_processes import studio_command

TEST_SECONDS = 5
MAX_SKIPPED_SHARE = 0.01
# Largest first; a faster preset before a smaller size, as a viewer notices the size more.
CANDIDATES = (("1920x1080", "veryfast"), ("1920x1080", "superfast"), ("1280x720", "veryfast"),
              ("1280x720", "superfast"), ("854x480", "veryfast"), ("854x480", "ultrafast"))


@dataclass(frozen=True)
class EncoderRun:
    size: str
    preset: str
    frames_encoded: int
    frames_skipped: int
    error: str | None = None

    @property
    def skipped_share(self) -> float:
        due = self.frames_encoded + self.frames_skipped
        return self.frames_skipped / due if due else 1.0

    @property
    def sustained(self) -> bool:
        return self.error is None and self.frames_encoded > 0 and self.skipped_share <= MAX_SKIPPED_SHARE


def run_candidate(size: str, preset: str, seconds: int = TEST_SECONDS,
                  run: Callable[..., subprocess.CompletedProcess] = subprocess.run) -> EncoderRun:
    with tempfile.TemporaryDirectory(prefix="studio-encoder-test-") as folder:
        stats_path = Path(folder) / "stats.json"
        command = studio_command("broadcast", "--duration", str(seconds), "--size", size, "--x264-preset", preset,
                                 "--record", str(Path(folder) / "discarded.mkv"), "--quiet",
                                 "--stats-json", str(stats_path))
        result = run(command, capture_output=True, text=True, timeout=seconds + 120, stdin=subprocess.DEVNULL)
        try:
            stats = json.loads(stats_path.read_text())
        except (OSError, ValueError):
            return EncoderRun(size, preset, 0, 0, error=(result.stderr.strip().splitlines() or ["failed"])[-1])
    return EncoderRun(size, preset, int(stats["frames_encoded"]), int(stats["frames_skipped"]))


def pick_encoder(candidates: Iterable[tuple[str, str]] = CANDIDATES, seconds: int = TEST_SECONDS,
                 on_run: Callable[[EncoderRun], None] = lambda run: None,
                 run: Callable[..., subprocess.CompletedProcess] = subprocess.run) -> EncoderRun | None:
    """The first candidate this machine sustains (each run reported to `on_run`); None if none does."""
    for size, preset in candidates:
        result = run_candidate(size, preset, seconds, run)
        on_run(result)
        if result.sustained:
            return result
    return None
