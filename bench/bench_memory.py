"""Peak memory of a 1080p show with 3 destinations and a recording, against ffmpeg's CLI doing the same.

Ours: `studio broadcast --demo --source file:...` (bench/same_work.py's moving file) at 1080p30, paced
to real time, three destinations on a local nginx-rtmp and a Matroska recording. ffmpeg: the same file,
`-re`, the same encode through its tee muxer to the same kind of outputs. Goal (issue 29): the main
process's peak RSS (VmHWM) <= 1.3x ffmpeg's. The figure is the peak, over the run, of the sum of PSS over the whole
process tree (each destination and the recording are their own worker processes on our side, forked
from one server that has loaded PyAV; PSS splits shared pages between the processes sharing them, so
nothing is counted twice); RSS of the
main process alone is printed too. To say where the memory goes, the RSS a bare interpreter reaches
after importing what the engine imports is measured separately.

`python -m bench.bench_memory [SECONDS]` (default 20 s).

Where it goes: the main process is about 140 MiB PSS at 1080p: its imports (NumPy, PyAV, the studio:
the RSS line below; not Qt, which only the graphics process loads), x264's own state (about 50 MiB at
1080p veryfast: ffmpeg has it too), the frame buffers (about 17 MiB) and the graphics' layers. The
outputs add about 9 MiB each plus 13 MiB for their fork server (`studio broadcast` starts no
multiprocessing resource tracker), the graphics process about 30 MiB; docs/performance.md has the breakdown.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._measure import AAC, measured, studio_command, studio_env, x264_args
from bench.report import Row
from bench.same_work import ffmpeg_file_inputs, ours_source_args

SIZE, KBPS = "1920x1080", 4500
GOAL_RATIO = 1.3
IMPORTS = ("numpy", "av", "studio.core.session")      # the engine's: PySide6 is the graphics process's


def import_rss_mib() -> dict[str, float]:
    """VmRSS of a fresh interpreter after each import in turn (cumulative)."""
    script = ("import sys, importlib\n"
              "def rss():\n"
              "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024\n"
              "print('python', rss())\n"
              f"for name in {IMPORTS!r}:\n"
              "    importlib.import_module(name); print(name, rss())\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=studio_env(), check=True).stdout
    return {line.split()[0]: float(line.split()[1]) for line in out.splitlines()}


def main(duration_s: float = 20) -> list[Row]:
    from tests.fixtures.rtmp_server import start_rtmp_server

    ffmpeg = shutil.which("ffmpeg")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = start_rtmp_server(folder / "nginx")
        try:
            ours = measured(studio_command(
                *ours_source_args(), "--size", SIZE, "--video-bitrate", str(KBPS), "--audio-bitrate", "160", "--duration", f"{duration_s:g}", "--quiet",
                *[arg for n in range(3) for arg in ("--to", server.url(f"ours{n}"))], "--record", str(folder / "ours.mkv"),
            ), studio_env())
            tee = "|".join([f"[f=flv]{server.url(f'ff{n}')}" for n in range(3)] + [f"[f=matroska]{folder / 'ff.mkv'}"])
            theirs = measured([ffmpeg, *ffmpeg_file_inputs(duration_s, realtime=True), "-map", "0:v", "-map", "0:a",
                               *x264_args(KBPS), *AAC, "-f", "tee", tee]) if ffmpeg else None
        finally:
            server.stop()
    imports = import_rss_mib()
    peak = max(ours.sampler.samples, key=lambda s: s.pss_mib)
    print(f"memory, 1080p30 paced {duration_s:g} s, 3 destinations + recording:")
    print(f"  ours   : peak tree PSS {peak.pss_mib:.0f} MiB over {peak.processes} processes "
          f"(main {peak.main_pss_mib:.0f} MiB PSS, main peak RSS {ours.sampler.main_peak_rss_mib:.0f} MiB; "
          f"tree RSS sum {ours.sampler.peak_rss_mib:.0f} MiB)")
    if theirs:
        print(f"  ffmpeg : peak RSS {theirs.sampler.main_peak_rss_mib:.0f} MiB, PSS {theirs.sampler.peak_pss_mib:.0f} MiB")
    print("  RSS after imports: " + ", ".join(f"{k} {v:.0f}" for k, v in imports.items()) + " MiB")
    ratio = ours.sampler.main_peak_rss_mib / theirs.sampler.main_peak_rss_mib if theirs else None
    row = Row("peak memory: main process, 1080p, 3 dest + rec", f"{ours.sampler.main_peak_rss_mib:.0f} MiB RSS "
              f"(tree {peak.pss_mib:.0f} MiB PSS, {peak.processes} proc)",
              f"{theirs.sampler.main_peak_rss_mib:.0f} MiB RSS" if theirs else "-", ratio, f"<= {GOAL_RATIO}x",
              ratio <= GOAL_RATIO if ratio is not None else None)
    row.details = {"main_pss": peak.main_pss_mib, "workers_pss": peak.pss_mib - peak.main_pss_mib,
                   "processes": peak.processes, "imports": imports, "ratio": ratio}
    return [row]


if __name__ == "__main__":
    from bench.report import table
    print(table(main(float(sys.argv[1]) if len(sys.argv) > 1 else 20)))
