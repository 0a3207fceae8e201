"""Throughput at 1080p with 4 graphics layers: our wall and CPU against ffmpeg's CLI doing the same encode.

Ours: `studio broadcast --demo` at 1920x1080 30 fps, as fast as possible, into a Matroska recording
(the demo has 4 or more layers on air from its 12th second: logo, ticker, card, callout...). ffmpeg:
testsrc2 at the same size and rate, the same x264 settings and AAC, into Matroska. Both in this run,
one after the other. Goals: wall <= 1.03x, CPU <= 1.03x ffmpeg's. Ours includes its start-up (Python,
Qt, fonts); the start-up case gives that figure on its own.

`python -m bench.bench_throughput [SECONDS]` (default 30 s of content).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench._measure import AAC, FPS, ffmpeg_inputs, measured, studio_command, studio_env, x264_args
from bench.report import Row

SIZE, KBPS = "1920x1080", 4500
GOAL = 1.03


def main(duration_s: float = 30) -> list[Row]:
    ffmpeg = shutil.which("ffmpeg")
    frames = int(duration_s * FPS)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ours = measured(studio_command("--demo", "--size", SIZE, "--video-bitrate", str(KBPS), "--duration", f"{duration_s:g}",
                                       "--as-fast-as-possible", "--quiet", "--record", str(folder / "ours.mkv")), studio_env())
        if not ffmpeg:
            print("throughput: ffmpeg CLI not installed, no comparison (make test installs it)")
            return []
        theirs = measured([ffmpeg, *ffmpeg_inputs(SIZE, duration_s), *x264_args(KBPS), *AAC, "-f", "matroska",
                           str(folder / "ffmpeg.mkv")])
    wall, cpu = ours.wall_s / theirs.wall_s, ours.cpu_s / theirs.cpu_s
    print(f"throughput 1080p30, 4+ layers, {duration_s:g} s of content, as fast as possible:")
    print(f"  ours   : {frames / ours.wall_s:5.1f} fps, {ours.wall_s:5.1f} s wall, {ours.cpu_s:5.1f} CPU s, "
          f"peak RSS {ours.sampler.main_peak_rss_mib:.0f} MiB")
    print(f"  ffmpeg : {frames / theirs.wall_s:5.1f} fps, {theirs.wall_s:5.1f} s wall, {theirs.cpu_s:5.1f} CPU s, "
          f"peak RSS {theirs.sampler.main_peak_rss_mib:.0f} MiB")
    return [
        Row("1080p 4 layers: wall", f"{ours.wall_s:.1f} s ({frames / ours.wall_s:.0f} fps)",
            f"{theirs.wall_s:.1f} s ({frames / theirs.wall_s:.0f} fps)", wall, f"<= {GOAL}x", wall <= GOAL),
        Row("1080p 4 layers: CPU", f"{ours.cpu_s:.1f} s", f"{theirs.cpu_s:.1f} s", cpu, f"<= {GOAL}x", cpu <= GOAL),
    ]


if __name__ == "__main__":
    from bench.report import table
    print(table(main(float(sys.argv[1]) if len(sys.argv) > 1 else 30)))
