"""`studio broadcast` as the soak runs it: the same options, plan and Session, plus a per-second time series.

Every stats tick (1 s) writes one JSON line to the file named by BENCH_SOAK_SERIES: elapsed and show
time, frames encoded and skipped, and the largest lateness *in that second* (the engine keeps a
running maximum; the runner reads it and starts it again from zero, keeping the overall maximum
itself). The command's own progress line has no lateness in it, hence this runner.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys


def main(argv: list[str]) -> int:
    from studio.cli import build_parser
    from studio.commands.broadcast import build_plan
    from studio.core.session import Session

    args = build_parser().parse_args(["broadcast", *argv])
    series = open(os.environ["BENCH_SOAK_SERIES"], "w", buffering=1)
    overall = {"max_lateness_ms": 0.0}

    def on_stats(stats) -> None:
        overall["max_lateness_ms"] = max(overall["max_lateness_ms"], stats.max_lateness_ms)
        series.write(json.dumps({"elapsed_s": round(stats.elapsed_s, 3), "show_time_s": round(stats.show_time_s, 3),
                                 "frames_encoded": stats.frames_encoded, "frames_skipped": stats.frames_skipped,
                                 "lateness_ms": round(stats.max_lateness_ms, 2)}) + "\n")
        stats.max_lateness_ms = 0.0

    stats = Session(build_plan(args)).run(on_stats=on_stats)
    final = stats.as_dict()
    final["max_lateness_ms"] = round(max(overall["max_lateness_ms"], stats.max_lateness_ms), 2)
    series.write(json.dumps({"final": final}) + "\n")
    series.close()
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main(sys.argv[1:]))
