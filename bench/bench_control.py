"""Live control costs at 1080p30: take-to-air, and publishing the monitors to shared memory.

Take-to-air: a real `studio engine` at 1080p30 with a recording (so the program is encoded); a
client takes a product 20 times and reads the engine's own measure (request received -> first
frame showing it encoded and its packets handed to the outputs), and its parts: waiting for the
next frame boundary (commands apply there, by design: every on-air change lands on a frame
boundary on the engine thread), composing that frame, and encoding it (one frame behind the
compositor, on the encoder's thread). Goal: at most one frame (33 ms). The wait is uniform over
a frame (median about half a frame) and the encode is about one 1080p x264 frame, so the median
of the sum is about a frame on an idle machine and more on a loaded one. Monitors: the program (every frame) and the preview
(every other frame, with its own card) published at 640x360, timed per 1080p frame.
Goal: at most 3 % of one core.
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

WIDTH, HEIGHT, FPS = 1920, 1080, 30
TAKES = 20


def monitors_cost_percent(frames: int = 300) -> float:
    from studio.core.live.monitors import Monitors
    from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_views

    monitors = Monitors()
    monitors.set_preview_product(load_product_views(DEMO_CATALOG_PATH)[0], "bench")
    frame = np.random.default_rng(1).integers(0, 255, (HEIGHT, WIDTH, 3), np.uint8)
    for index in range(10):  # warm: the preview card renders once
        monitors.composite(frame, index / FPS)
        monitors.after_frame(index, frame)
    started = time.process_time()
    for index in range(frames):
        monitors.composite(frame, index / FPS)
        monitors.after_frame(index, frame)
    per_frame_s = (time.process_time() - started) / frames
    monitors.close()
    return per_frame_s * FPS * 100


def take_to_air_ms() -> tuple[list[float], list[dict]]:
    import studio.cli
    from studio.wire.client import ControlClient
    from studio.core.graphics.product_view import DEMO_CATALOG_PATH

    root = Path(tempfile.mkdtemp(prefix="bench-control-"))
    db = str(root / "studio.db")
    for args in (("catalog", "import", str(DEMO_CATALOG_PATH)), ("show", "create", "bench"),
                 ("rundown", "add", "bench", "--kind", "opening", "--duration", "600")):
        studio.cli.main([*args, "--db", db])
    env = {**os.environ, "STUDIO_DB": db, "STUDIO_CONFIG_DIR": str(root / "config"),
           "STUDIO_RUNTIME_DIR": str(root / "run")}
    engine = subprocess.Popen([sys.executable, "-m", "studio", "engine", "--show", "bench", "--size",
                               f"{WIDTH}x{HEIGHT}", "--control-port", "0", "--quiet", "--live", "--record", str(root / "take.mkv")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = re.search(r"(ws://\S+)", engine.stdout.readline()).group(1)
        password = (root / "config" / "control-password").read_text().strip()
        results, parts = [], []
        with ControlClient(url, password) as client:
            time.sleep(2)
            for index in range(TAKES):
                client.vendor("TakeProduct", {"sku": ("TV-55-4K", "HP-NC-BLK")[index % 2]})
                time.sleep(0.3)
                stats = client.vendor("GetShowState")["stats"]
                results.append(stats["take_to_air_ms"])
                parts.append(stats.get("take_to_air_parts_ms") or {})
        return results, parts
    finally:
        engine.send_signal(signal.SIGTERM)
        engine.wait(30)


def main() -> None:
    percent = monitors_cost_percent()
    print(f"monitors (program + preview to shared memory) at {WIDTH}x{HEIGHT}@{FPS}: "
          f"{percent:.2f} % of one core (goal <= 3 %)")
    takes, parts = take_to_air_ms()
    frame_ms = 1000 / FPS
    print(f"take-to-air at {WIDTH}x{HEIGHT}@{FPS} over {len(takes)} takes: median {statistics.median(takes):.1f} ms "
          f"({statistics.median(takes) / frame_ms:.2f} frames), max {max(takes):.1f} ms "
          f"({max(takes) / frame_ms:.2f} frames) (goal <= 1 frame, {frame_ms:.1f} ms)")
    names = sorted({name for part in parts for name in part})
    print("  its parts, median (max) ms: " + ", ".join(
        f"{name} {statistics.median(p[name] for p in parts if name in p):.1f} "
        f"({max(p[name] for p in parts if name in p):.1f})" for name in names))


if __name__ == "__main__":
    main()
