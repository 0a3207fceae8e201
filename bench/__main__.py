"""Run every benchmark (`make bench`): one table of ratios, written with the machine's description to docs/performance.md.

`python -m bench [--quick | --long | --smoke]`: the soak runs 5 minutes by default, 60 s with --quick, 30
minutes with --long; --smoke runs every case for a few seconds only, to check the benchmarks themselves
work (its figures mean nothing, and it writes no docs). Each case also prints its own details as it goes. The feature benchmarks of other issues
(control, console, catalog import, the randomised show's 10 minutes) run after the table's cases and print their own figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback

from bench import (bench_canvases, bench_composite, bench_console, bench_control, bench_destinations, bench_encode,
                   bench_gateway, bench_import, bench_linger, bench_memory, bench_randomshow, bench_soak, bench_startup,
                   bench_throughput)
from bench.plot import draw
from bench.report import DOC, PLOT, Row, machine, table, write_doc

COMPOSITE_GOAL_MS, CANVASES_GOAL = 0.5, 1.05


def _composite() -> list[Row]:
    result = bench_composite.main()
    return [Row("compositor: 1080p, 4 layers", f"{result['ours_ms']:.3f} ms/frame",
                f"(full-frame blend {result['full_frame_ms']:.2f} ms)", result["ours_ms"], f"<= {COMPOSITE_GOAL_MS} ms",
                result["ours_ms"] <= COMPOSITE_GOAL_MS,
                note=f"best of 30 batches of 20 frames: {result['best_ms']:.3f} ms (mean over 600: the figure)")]


def _encode_720p() -> list[Row]:
    result = bench_encode.main()
    if "ffmpeg_fps" not in result:
        return []
    ratio = result["ours_fps"] / result["ffmpeg_fps"]
    return [Row("720p test card demo (not the same work), fps", f"{result['ours_fps']:.0f} fps", f"{result['ffmpeg_fps']:.0f} fps",
                ratio, "- (ratio, higher is better)", None)]


def _canvases(duration_s: int) -> list[Row]:
    result = bench_canvases.main(duration_s)
    if not result:
        return []
    skipped = result["frames_skipped"]
    return [Row("two canvases: CPU per frame", f"{result['ours_cpu_s']:.0f} CPU s, {skipped} skipped",
                f"{result['ffmpeg_cpu_s']:.0f} CPU s", result["ratio"], f"<= {CANVASES_GOAL}x",
                result["ratio"] <= CANVASES_GOAL,
                note=f"without our start-up ({result['startup_cpu_s']:.1f} CPU s): {result['steady_ratio']:.2f}x"),
            Row(f"two canvases, real time {duration_s} s: skipped", f"{skipped} (max lateness "
                f"{result['max_lateness_ms']:.0f} ms)", "-", skipped, "0 (issue 15: over 5 min)", skipped == 0)]


def main(arguments: list[str]) -> int:
    smoke = "--smoke" in arguments
    soak_s = (bench_soak.LONG_S if "--long" in arguments else 60 if "--quick" in arguments else 12 if smoke
              else bench_soak.DEFAULT_S)
    load_at_start = os.getloadavg()
    cases = [
        ("compositor", _composite), ("throughput", lambda: bench_throughput.main(3 if smoke else 30, 1 if smoke else 3)),
        ("start-up", lambda: bench_startup.main(1 if smoke else 3)), ("memory", lambda: bench_memory.main(4 if smoke else 20)),
        ("destinations", lambda: bench_destinations.main(3 if smoke else 12)), ("linger", bench_linger.main),
        ("soak", lambda: bench_soak.main(soak_s)),
    ]
    if not smoke:
        cases += [("720p encode", _encode_720p), ("two canvases", lambda: _canvases(30))]
    rows: list[Row] = []
    notes: list[str] = []
    for name, case in cases:
        print(f"\n== {name}", flush=True)
        try:
            rows += case()
        except Exception as error:  # one broken case must not lose the others' figures
            traceback.print_exc()
            rows.append(Row(name, "failed", "-", None, "-", None))
            notes.append(f"{name}: failed to run: {error}")
    for row in rows:
        if row.note:
            notes.append(f"{row.case}: {row.note}")
    memory = next((r.details for r in rows if r.case.startswith("peak memory") and r.details), None)
    if memory:
        notes.append("peak memory: main process {main_pss:.0f} MiB PSS, the {others} other process(es) (the output workers "
                     "and their fork server) {workers_pss:.0f} MiB together; RSS of a fresh interpreter after importing "
                     "(cumulative): {imported}".format(
                         others=memory["processes"] - 1, **memory,
                         imported=", ".join(f"{k} {v:.0f} MiB" for k, v in memory["imports"].items())))
    destinations = next((r.details for r in rows if r.case.startswith("N destinations") and r.details), {})
    if destinations:
        notes.append("N destinations, CPU ms per frame, ours: " + ", ".join(
            f"N={n} {ms:.1f}" for n, ms in destinations["ours_ms"].items()) + " (steady state); ffmpeg: " + ", ".join(
            f"N={n} {ms:.1f}" for n, ms in destinations.get("ffmpeg_ms", {}).items()))
    soak = next((r.details for r in rows if r.case.startswith("soak") and r.details), {})
    if soak_s != bench_soak.DEFAULT_S:
        notes.append(f"soak ran {soak_s} s ({'--long' if soak_s == bench_soak.LONG_S else '--quick'}), not the default 300 s")
    if smoke:
        print("\n" + table(rows) + "\n(--smoke: figures from runs of a few seconds; docs not written)")
        return 0
    plotted = draw(PLOT, destinations, soak)
    print("\n" + table(rows))
    write_doc(rows, machine(load_at_start), notes, plotted)
    # Each in its own interpreter: the compositor case made this one's QGuiApplication, and the console
    # benchmark needs to make a QApplication of its own.
    failed = 0
    for benchmark in (bench_control, bench_gateway, bench_console, bench_import, bench_randomshow):
        print(f"\n== {benchmark.__name__}", flush=True)
        failed |= subprocess.run([sys.executable, "-m", benchmark.__name__]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
