"""The randomised show for `make bench` (issue 22 item 7): 10 minutes of random commands, every frame read back.

A real `studio engine` (640x360, recording, live to a local nginx-rtmp) is driven through a seeded random
sequence: takes with Cut and Fade, preview + take, jumps, price and stock edits, countdowns, graphics,
go live / stop, record stop / start and moves while off air. The recordings are decoded and every frame's
product (the card's QR code), price (the card against reference renders) and countdown (against each
second's face) is compared with the model of the commands and with the as-run log
(`tests/control/randomshow.py`; the CI version is `tests/control/test_randomshow.py`, 25 s).

    python -m bench.bench_randomshow [--seconds 600] [--seed N]    # RANDOMSHOW_SEED=N works too

Prints the seed, the frames checked, the disagreeing frames counted by kind and the first 20; exits 1 if any.
Needs nginx with the RTMP module (`make system-deps`).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.control.randomshow import H, W, catalog_cards, check_show, run_show  # noqa: E402
from tests.fixtures.engine import EngineProcess  # noqa: E402
from tests.fixtures.rtmp_server import start_rtmp_server  # noqa: E402

DEFAULT_S = 600


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_randomshow")
    parser.add_argument("--seconds", type=float, default=DEFAULT_S, help="length of the show (default 600)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("RANDOMSHOW_SEED", random.randrange(10**6))))
    args = parser.parse_args(argv)
    print(f"randomised show: seed {args.seed} (RANDOMSHOW_SEED={args.seed} replays it), {args.seconds:g} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-randomshow-") as tmp:
        root = Path(tmp)
        server = start_rtmp_server(root / "nginx")
        engine = EngineProcess(root / "engine", "--size", f"{W}x{H}", "--video-bitrate", "6000",
                               "--record", str(root / "engine" / "show.mkv"), "--to", server.url("randomshow"), "--live")
        try:
            catalog = catalog_cards(engine.db_path)
            run = run_show(engine, args.seed, args.seconds)
            code = engine.stop()
        finally:
            engine.kill()
            server.stop()
        if code != 0:
            print(f"studio engine exited {code}:\n{engine.log()}")
            return 1
        report = check_show(run, engine.db_path, catalog)
    print(f"randomised show ({len(run.sent)} commands, {len(run.recordings)} recordings): "
          f"{report.frames_checked} frames checked ({report.fade_frames} in fades, {report.lenient_countdown_frames} "
          f"with the countdown leaving), {report.snapshots_checked} GetShowState snapshots, "
          f"{len(report.disagreements)} disagreeing frames or entries (goal 0)")
    print(f"reader: nearest reference at most {report.worst_match:.1f} away (mean |difference|, 0-255), "
          f"the second-nearest at least {report.margins} further")
    kinds = Counter(re.sub(r"^frames? [\d.]+: |\(.*|\d+.*", "", line).strip()[:40] for line in report.disagreements)
    for kind, count in kinds.most_common():
        print(f"  {count:5d}  {kind}")
    for line in report.disagreements[:20]:
        print("  " + line)
    return 1 if report.disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
