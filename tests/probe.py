"""What a real ffprobe says about a stream or a file, as plain data for assertions."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


def ffprobe_binary() -> str:
    found = shutil.which("ffprobe")
    if not found:
        pytest.fail("ffprobe is required: run `make test`, which installs ffmpeg")
    return found


def _run(args: list[str]) -> dict:
    result = subprocess.run([ffprobe_binary(), "-v", "error", "-of", "json", *args],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"ffprobe failed: {result.stderr.strip()}")
    return json.loads(result.stdout or "{}")


@dataclass
class ProbedMedia:
    path: Path
    format: dict
    video: dict
    audio: dict | None
    video_packets: list[dict]
    audio_packets: list[dict]

    @property
    def duration_s(self) -> float:
        return float(self.format["duration"])

    def video_pts_s(self) -> list[float]:
        return [float(p["pts_time"]) for p in self.video_packets if "pts_time" in p]

    def keyframe_indices(self) -> list[int]:
        return [i for i, p in enumerate(self.video_packets) if "K" in p.get("flags", "")]

    def first_pts_s(self, kind: str) -> float:
        packets = self.video_packets if kind == "video" else self.audio_packets
        return min(float(p["pts_time"]) for p in packets if "pts_time" in p)


def probe(path: Path) -> ProbedMedia:
    info = _run(["-show_format", "-show_streams", str(path)])
    streams = info.get("streams", [])
    video = next((s for s in streams if s["codec_type"] == "video"), None)
    audio = next((s for s in streams if s["codec_type"] == "audio"), None)
    assert video is not None, f"{path}: no video stream"
    packets = _run(["-show_packets", "-show_entries", "packet=stream_index,pts_time,dts_time,flags", str(path)]).get("packets", [])
    return ProbedMedia(
        path=path, format=info["format"], video=video, audio=audio,
        video_packets=[p for p in packets if p["stream_index"] == video["index"]],
        audio_packets=[p for p in packets if audio is not None and p["stream_index"] == audio["index"]],
    )


def decoded_video_seconds(path: Path) -> float:
    """Seconds of video that actually decode (not what the header claims)."""
    result = subprocess.run(
        [ffprobe_binary(), "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames,r_frame_rate", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    stream = json.loads(result.stdout or "{}").get("streams", [{}])[0]
    frames = int(stream.get("nb_read_frames", 0) or 0)
    numerator, denominator = (int(x) for x in stream.get("r_frame_rate", "30/1").split("/"))
    return frames * denominator / numerator if numerator else 0.0
