"""A real-time soak: 1080p30, the demo show auto-advancing (4+ layers), 3 nginx-rtmp destinations and a recording.

Runs `bench.soak_runner` (the `studio broadcast` plan and Session, with a per-second time series) for
5 minutes by default, 30 with `--long`. Reports: frames skipped (goal 0), memory growth (goal <= 10 MB:
tree RSS, median over the last 30 s minus the median over 30 s once the demo's first minute has
played, so first-use allocations are not counted as growth), the largest lateness of a frame, and our
CPU per frame encoded (as cores at 30 fps) against ffmpeg's CLI doing the same encode to the same outputs in real time
(-re, the same moving file as ours, bench/same_work.py, tee muxer; at most 60 s of it, its rate is steady).
Goal: <= 1.05x (issue 29).

Skipped frames, what was found (docs/performance.md, "Soak"): the engine skips frames once it runs
more than 0.5 s late. The 5-minute run of 07:05 UTC skipped 106 frames in bursts, some of them each
minute when the demo put up a new product's card: that card's first drawing also encoded its QR code
on the frame loop (segno, pure Python, 40-120 ms here). The codes are now encoded on a background
thread at start (studio/core/graphics/qr.py, warm_qr_codes), and the x264 encode runs on its own
thread, one frame behind the compositor, so a redraw has most of a frame's 33 ms. A machine shared with
other jobs still makes the engine late (1080p30 x264 takes most of one of the 2 cores): run it alone.

`python -m bench.bench_soak [SECONDS | --long]`.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench._measure import AAC, measured, studio_env, x264_args
from bench.report import Row
from bench.same_work import ffmpeg_file_inputs, ours_source_args

SIZE, KBPS = "1920x1080", 4500
DEFAULT_S, LONG_S = 300, 1800
FFMPEG_MAX_S = 60
GROWTH_GOAL_MIB, CPU_GOAL = 10, 1.05


def _growth_mib(samples, duration_s: float) -> float:
    settle = min(60.0, duration_s / 3)
    window = min(30.0, duration_s / 6)
    end = samples[-1].at_s
    early = [s.rss_mib for s in samples if settle <= s.at_s <= settle + window]
    late = [s.rss_mib for s in samples if s.at_s >= end - window]
    return statistics.median(late) - statistics.median(early) if early and late else float("nan")


def main(duration_s: float = DEFAULT_S) -> list[Row]:
    from tests.fixtures.rtmp_server import start_rtmp_server

    ffmpeg = shutil.which("ffmpeg")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        series_path = folder / "series.jsonl"
        server = start_rtmp_server(folder / "nginx")
        try:
            ours = measured([sys.executable, "-m", "bench.soak_runner", *ours_source_args(), "--size", SIZE, "--audio-bitrate", "160",
                             "--video-bitrate", str(KBPS), "--duration", f"{duration_s:g}",
                             *[a for n in range(3) for a in ("--to", server.url(f"ours{n}"))],
                             "--record", str(folder / "ours.mkv")],
                            studio_env(BENCH_SOAK_SERIES=str(series_path)), timeout_s=duration_s * 3 + 120)
            ff_s = min(duration_s, FFMPEG_MAX_S)
            tee = "|".join([f"[f=flv]{server.url(f'ff{n}')}" for n in range(3)] + [f"[f=matroska]{folder / 'ff.mkv'}"])
            theirs = measured([ffmpeg, *ffmpeg_file_inputs(ff_s, realtime=True), "-map", "0:v", "-map", "0:a",
                               *x264_args(KBPS), *AAC, "-f", "tee", tee]) if ffmpeg else None
        finally:
            server.stop()
        lines = [json.loads(line) for line in series_path.read_text().splitlines()]
    final = lines[-1]["final"]
    series = lines[:-1]
    growth = _growth_mib(ours.sampler.samples, duration_s)
    # CPU per frame encoded, times 30: the cores a full 30 fps would take (skipped frames cost nothing).
    ours_rate = ours.cpu_s / final["frames_encoded"] * 30
    theirs_rate = theirs.cpu_s / (ff_s * 30) * 30 if theirs else None
    print(f"soak, 1080p30 real time, demo, 3 destinations + recording, {duration_s:g} s:")
    print(f"  ours   : {final['frames_encoded']} frames, {final['frames_skipped']} skipped, max lateness "
          f"{final['max_lateness_ms']:.0f} ms, RSS growth {growth:+.1f} MiB, CPU {ours_rate:.2f} cores at 30 fps")
    if theirs:
        print(f"  ffmpeg : CPU {theirs_rate:.2f} cores at 30 fps ({ff_s:g} s with -re)")
    skipped, cpu = final["frames_skipped"], ours_rate / theirs_rate if theirs else None
    rows = [
        Row("soak: frames skipped", f"{skipped} of {final['frames_encoded'] + skipped}", "-", skipped, "0", skipped == 0),
        Row("soak: RSS growth", f"{growth:+.1f} MiB", "-", growth, f"<= {GROWTH_GOAL_MIB} MB", growth <= GROWTH_GOAL_MIB),
        Row("soak: max lateness", f"{final['max_lateness_ms']:.0f} ms", "-", final["max_lateness_ms"], "printed", None),
        Row("soak: CPU vs ffmpeg real time", f"{ours_rate:.2f} core", f"{theirs_rate:.2f} core" if theirs else "-",
            cpu, f"<= {CPU_GOAL}x", cpu <= CPU_GOAL if cpu is not None else None),
    ]
    rows[0].details = {"series": series, "memory": [(s.at_s, s.rss_mib, s.pss_mib) for s in ours.sampler.samples],
                       "duration_s": duration_s}
    return rows


if __name__ == "__main__":
    from bench.report import table
    argument = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT_S)
    print(table(main(LONG_S if argument == "--long" else float(argument))))
