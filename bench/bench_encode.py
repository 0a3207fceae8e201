"""The whole headless pipeline against the ffmpeg command line doing the same encode.

Both encode 1280x720 at 30 fps to H.264 (veryfast, zerolatency, High, CBR 3500 kb/s,
keyframe every 2 s) plus AAC 160 kb/s into Matroska, as fast as they can. Ours also
draws the test card and the demo graphics each frame; ffmpeg's testsrc2 is its own
picture. Prints frames per second and our speed as a ratio of ffmpeg's, and the
colour conversion on its own (OpenCV against PyAV's swscale, per 1080p frame).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import cv2
import numpy as np

DURATION_S = 20
FPS = 30
SIZE = "1280x720"
REPO_ROOT = Path(__file__).resolve().parents[1]


def _timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO_ROOT, timeout=600)
    return time.perf_counter() - started


def _ours_s(out: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    return _timed([sys.executable, "-m", "studio", "broadcast", "--demo", "--size", SIZE, "--duration", str(DURATION_S),
                   "--as-fast-as-possible", "--quiet", "--record", str(out)], env)


def _ffmpeg_s(ffmpeg: str, out: Path) -> float:
    return _timed([
        ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate={FPS}",
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", str(DURATION_S),
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "high", "-pix_fmt", "yuv420p",
        "-b:v", "3500k", "-maxrate", "3500k", "-bufsize", "3500k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "160k", "-ac", "2", "-f", "matroska", str(out),
    ])


def _conversion_ms(frames: int = 200) -> tuple[float, float]:
    bgr = np.random.default_rng(1).integers(0, 255, (1080, 1920, 3), np.uint8)
    i420 = np.empty((1080 * 3 // 2, 1920), np.uint8)
    started = time.perf_counter()
    for _ in range(frames):
        cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420, dst=i420)
        av.VideoFrame.from_ndarray(i420, format="yuv420p")
    opencv_ms = (time.perf_counter() - started) * 1000 / frames
    started = time.perf_counter()
    for _ in range(frames):
        av.VideoFrame.from_ndarray(bgr, format="bgr24").reformat(format="yuv420p")
    swscale_ms = (time.perf_counter() - started) * 1000 / frames
    return opencv_ms, swscale_ms


def main() -> dict[str, float]:
    frames = DURATION_S * FPS
    opencv_ms, swscale_ms = _conversion_ms()
    print("BGR -> I420, 1080p frame:")
    print(f"  OpenCV + from_ndarray   : {opencv_ms:6.2f} ms")
    print(f"  PyAV swscale            : {swscale_ms:6.2f} ms  ({swscale_ms / opencv_ms:4.1f}x OpenCV)")
    result = {"opencv_ms": opencv_ms, "swscale_ms": swscale_ms}
    with tempfile.TemporaryDirectory() as folder:
        ours_fps = frames / _ours_s(Path(folder) / "ours.mkv")
        print(f"headless pipeline, {SIZE} {FPS} fps, {DURATION_S} s, as fast as possible:")
        print(f"  studio broadcast --demo : {ours_fps:6.1f} fps  ({ours_fps / FPS:4.1f}x real time)")
        result["ours_fps"] = ours_fps
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg:
            ffmpeg_fps = frames / _ffmpeg_s(ffmpeg, Path(folder) / "ffmpeg.mkv")
            print(f"  ffmpeg CLI, same encode : {ffmpeg_fps:6.1f} fps  (ours = {ours_fps / ffmpeg_fps:4.2f}x ffmpeg)")
            result["ffmpeg_fps"] = ffmpeg_fps
        else:
            print("  ffmpeg CLI not installed: no comparison (make test installs it)")
    return result


if __name__ == "__main__":
    main()
