"""Throughput at 1080p with 4 graphics layers: our wall and CPU against ffmpeg's CLI doing the same encode.

Ours: `studio broadcast --demo` at 1920x1080 30 fps, as fast as possible, into a Matroska recording
(the demo has 4 or more layers on air from its 12th second: logo, ticker, card, callout...). ffmpeg:
testsrc2 at the same size and rate, the same x264 settings and AAC, into Matroska. Both in this run,
one after the other. Goals: wall <= 1.03x, CPU <= 1.03x ffmpeg's. Ours includes its start-up (Python,
Qt, fonts); the start-up case gives that figure on its own.

A second run of ours, 2 s of content, gives our fixed cost (start-up and shut-down: interpreter,
imports, Qt, fonts, the recording's worker); the steady-state ratios (per frame, that cost taken out
of ours only: ffmpeg's is about 0.1 s) are printed beside the headline ones.

Our encode runs on a thread per canvas, one frame behind the compositor (studio/core/engine.py), so
on an idle 2-core machine the wall time per frame is about the encoder's own; with other jobs on the
machine the second core is not ours and the overlap is lost (say the load average with any figure).

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
SHORT_S = 2.0


def main(duration_s: float = 30) -> list[Row]:
    ffmpeg = shutil.which("ffmpeg")
    frames = int(duration_s * FPS)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        def run_ours(seconds: float):
            return measured(studio_command("--demo", "--size", SIZE, "--video-bitrate", str(KBPS), "--duration",
                                           f"{seconds:g}", "--as-fast-as-possible", "--quiet",
                                           "--record", str(folder / f"ours-{seconds:g}.mkv")), studio_env())

        ours = run_ours(duration_s)
        short = run_ours(SHORT_S)
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
    steady_frames = frames - int(SHORT_S * FPS)
    fixed_wall_s = short.wall_s - (ours.wall_s - short.wall_s) / steady_frames * SHORT_S * FPS
    fixed_cpu_s = short.cpu_s - (ours.cpu_s - short.cpu_s) / steady_frames * SHORT_S * FPS
    steady_wall, steady_cpu = (ours.wall_s - fixed_wall_s) / theirs.wall_s, (ours.cpu_s - fixed_cpu_s) / theirs.cpu_s
    print(f"  ours' fixed cost (from a {SHORT_S:g} s run): {fixed_wall_s:.1f} s wall, {fixed_cpu_s:.1f} CPU s; "
          f"without it: wall {steady_wall:.2f}x, CPU {steady_cpu:.2f}x ffmpeg")
    note = f"without our fixed start-up/shut-down cost ({fixed_wall_s:.1f} s, {fixed_cpu_s:.1f} CPU s): "
    return [
        Row("1080p 4 layers: wall", f"{ours.wall_s:.1f} s ({frames / ours.wall_s:.0f} fps)",
            f"{theirs.wall_s:.1f} s ({frames / theirs.wall_s:.0f} fps)", wall, f"<= {GOAL}x", wall <= GOAL,
            note=note + f"{steady_wall:.2f}x"),
        Row("1080p 4 layers: CPU", f"{ours.cpu_s:.1f} s", f"{theirs.cpu_s:.1f} s", cpu, f"<= {GOAL}x", cpu <= GOAL,
            note=note + f"{steady_cpu:.2f}x"),
    ]


if __name__ == "__main__":
    from bench.report import table
    print(table(main(float(sys.argv[1]) if len(sys.argv) > 1 else 30)))
