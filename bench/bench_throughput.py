"""Throughput at 1080p30 on the same work: ours against ffmpeg's CLI transcoding the same moving file.

Every side decodes the same file (bench/same_work.py: testsrc2 + sine, 1080p30, 30 s, high quality,
made once and cached) and encodes it with the same settings (x264 veryfast zerolatency High, CBR
4500 kb/s, keyframe every 2 s, AAC 160 kb/s) into a Matroska recording, as fast as possible:
- ours: `studio broadcast --demo --source file:...` (the demo's graphics over the file, its sound);
- peer 1, plain: `ffmpeg -i file ... out.mkv` (no graphics: goal ours <= 1.05x its wall and CPU);
- peer 2, overlay: ffmpeg with `overlay` of the demo's graphics as PNGs drawn by our renderer, at the
  same places and times (what a user would script instead: goal ours <= 1.0x).
Paired runs (ours, plain, overlay, ours, plain, overlay, ...): the figure is the median over the
rounds of each round's ratio, so a load change between rounds moves both sides. Ours includes its
start-up (Python, Qt, fonts, the recording's worker); the start-up case gives that on its own.

The test card case (`--demo` with no file: ours encodes a nearly still picture, ffmpeg testsrc2) is
kept as one labelled row of wall time; it is not the same work.

`python -m bench.bench_throughput [SECONDS] [ROUNDS]` (default 30 s of content, 3 rounds).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench._measure import AAC, FPS, ffmpeg_inputs, measured, studio_command, studio_env, x264_args
from bench.report import Row
from bench.same_work import ffmpeg_file_inputs, ffmpeg_overlay_args, ours_source_args

SIZE, KBPS = "1920x1080", 4500
PLAIN_GOAL, OVERLAY_GOAL = 1.05, 1.0


def main(duration_s: float = 30, rounds: int = 3) -> list[Row]:
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        print("throughput: ffmpeg CLI not installed, no comparison (make test installs it)")
        return []
    frames = int(duration_s * FPS)
    encode = [*x264_args(KBPS), *AAC, "-f", "matroska"]
    runs: dict[str, list] = {"ours": [], "plain": [], "overlay": []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n in range(rounds):
            runs["ours"].append(measured(studio_command(
                *ours_source_args(), "--size", SIZE, "--video-bitrate", str(KBPS), "--audio-bitrate", "160",
                "--duration", f"{duration_s:g}", "--as-fast-as-possible", "--quiet", "--overwrite",
                "--record", str(folder / "ours.mkv")), studio_env()))
            runs["plain"].append(measured([ffmpeg, *ffmpeg_file_inputs(duration_s), "-map", "0:v", "-map", "0:a",
                                           *encode, str(folder / "plain.mkv")]))
            runs["overlay"].append(measured([ffmpeg, *ffmpeg_overlay_args(duration_s), *encode,
                                             str(folder / "overlay.mkv")]))
            print(f"  round {n + 1}: " + ", ".join(f"{side} {r[-1].wall_s:.1f} s wall {r[-1].cpu_s:.1f} CPU s"
                                                   for side, r in runs.items()) + f" (load {os.getloadavg()[0]:.1f})")
        card = measured(studio_command("--demo", "--size", SIZE, "--video-bitrate", str(KBPS), "--duration",
                                       f"{duration_s:g}", "--as-fast-as-possible", "--quiet",
                                       "--record", str(folder / "card.mkv")), studio_env())
        card_ff = measured([ffmpeg, *ffmpeg_inputs(SIZE, duration_s), *encode, str(folder / "testsrc.mkv")])

    def ratio(peer: str, measure: str) -> float:
        return statistics.median(getattr(o, measure) / getattr(p, measure) for o, p in zip(runs["ours"], runs[peer]))

    def median(side: str, measure: str) -> float:
        return statistics.median(getattr(r, measure) for r in runs[side])

    print(f"throughput 1080p30, the same moving file, {duration_s:g} s of content, as fast as possible, "
          f"{rounds} paired rounds (medians):")
    for side in runs:
        print(f"  {side:8s}: {frames / median(side, 'wall_s'):5.1f} fps, {median(side, 'wall_s'):5.1f} s wall, "
              f"{median(side, 'cpu_s'):5.1f} CPU s, peak RSS "
              f"{statistics.median(r.sampler.main_peak_rss_mib for r in runs[side]):.0f} MiB")
    rows = []
    for peer, goal, label in (("plain", PLAIN_GOAL, "ffmpeg plain transcode"), ("overlay", OVERLAY_GOAL, "ffmpeg + overlay")):
        for measure, what in (("wall_s", "wall"), ("cpu_s", "CPU")):
            figure = ratio(peer, measure)
            unit = "s" if measure == "wall_s" else "CPU s"
            rows.append(Row(f"1080p file + graphics vs {label}: {what}", f"{median('ours', measure):.1f} {unit}",
                            f"{median(peer, measure):.1f} {unit}", figure, f"<= {goal}x", figure <= goal,
                            note=f"median of {rounds} paired rounds; per round: " + ", ".join(
                                f"{getattr(o, measure) / getattr(p, measure):.2f}"
                                for o, p in zip(runs["ours"], runs[peer]))))
    card_ratio = card.wall_s / card_ff.wall_s
    rows.append(Row("test card (not the same work): wall", f"{card.wall_s:.1f} s", f"{card_ff.wall_s:.1f} s (testsrc2)",
                    card_ratio, "- (ratio)", None))
    return rows


if __name__ == "__main__":
    from bench.report import table
    arguments = [float(a) for a in sys.argv[1:]]
    print(table(main(*(arguments[:1] or [30]), *(int(a) for a in arguments[1:2]))))
