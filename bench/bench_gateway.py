"""Hostile clients against a live 1080p30 engine with a recording: what they cost the show (issue 21).

`python -m bench.bench_gateway [SECONDS]` (default 60 per load): a real `studio engine` at 1080p30,
live to a recording, with a product segment. First a quiet period of the same length, then each
load of bench/gateway_loads.py in its own process for SECONDS. Throughout, a producer client takes a
product every 0.5 s and reads the engine's take-to-air (request received by the gateway -> first
encoded frame that shows it). Per period: frames skipped (beyond the quiet period's), engine
memory growth (VmRSS of the engine process), the gateway's peak memory, take-to-air p50 and max.
Goals: 0 skipped, engine growth <= 10 MB, take-to-air p50 <= 50 ms and max <= 67 ms. Last, the
gateway is killed with SIGKILL and the time until a client is identified again is measured (goal
<= 2 s) with the frames skipped meanwhile (goal 0).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.gateway_loads import LOADS

WIDTH, HEIGHT, FPS = 1920, 1080, 30
P50_GOAL_MS, MAX_GOAL_MS, GROWTH_GOAL_MB, RECONNECT_GOAL_S = 50.0, 67.0, 10.0, 2.0


def rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024


def gateway_pid(engine_pid: int) -> int | None:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (b"studio.gateway" in (entry / "cmdline").read_bytes()
                        and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == engine_pid):
                    return int(entry.name)
            except OSError:
                continue
    return None


def start_engine(root: Path) -> tuple[subprocess.Popen, str, str, dict]:
    import studio.cli
    from studio.core.graphics.product_view import DEMO_CATALOG_PATH

    db = str(root / "studio.db")
    for args in (("catalog", "import", str(DEMO_CATALOG_PATH)), ("show", "create", "bench"),
                 ("rundown", "add", "bench", "--kind", "opening", "--duration", "3600")):
        studio.cli.main([*args, "--db", db])
    env = {**os.environ, "STUDIO_DB": db, "STUDIO_CONFIG_DIR": str(root / "config"),
           "STUDIO_RUNTIME_DIR": str(root / "run"), "QT_QPA_PLATFORM": "offscreen"}
    engine = subprocess.Popen([sys.executable, "-m", "studio", "engine", "--show", "bench", "--size", f"{WIDTH}x{HEIGHT}",
                               "--fps", str(FPS), "--control-port", "0", "--quiet", "--live",
                               "--record", str(root / "show.mkv")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    url = re.search(r"(ws://\S+)", engine.stdout.readline()).group(1)
    password = (root / "config" / "control-password").read_text().strip()
    return engine, url, password, env


class Producer(threading.Thread):
    """Takes a product every 0.5 s and collects each take's take-to-air, reconnecting when dropped."""

    def __init__(self, url: str, password: str):
        super().__init__(daemon=True)
        self.url, self.password = url, password
        self.samples: list[float] = []
        self.skipped = 0
        self.stop = threading.Event()

    def run(self) -> None:
        from studio.wire.client import ControlClient
        index, phase = 0, random.Random(22)
        while not self.stop.is_set():
            try:
                with ControlClient(self.url, self.password, timeout_s=30) as client:
                    while not self.stop.is_set():
                        client.vendor("TakeProduct", {"sku": ("TV-55-4K", "HP-NC-BLK")[index % 2]})
                        index += 1
                        # 0.5 s, plus a random fraction of a frame: arrivals fall anywhere in a frame,
                        # as a producer's key press does, not locked to one phase of the engine's clock
                        time.sleep(0.5 + phase.uniform(0.0, 1.0 / FPS))
                        stats = client.vendor("GetShowState")["stats"]
                        self.skipped = stats["frames_skipped"]
                        if stats["take_to_air_ms"] is not None:
                            self.samples.append(stats["take_to_air_ms"])
            except Exception:   # dropped during a load or the restart: try again
                time.sleep(0.2)


def measure(name: str, seconds: float, engine: subprocess.Popen, producer: Producer, load, url: str,
            password: str) -> dict:
    gateway = gateway_pid(engine.pid)
    engine_before, skipped_before = rss_mb(engine.pid), producer.skipped
    samples_before = len(producer.samples)
    process = None
    if load is not None:
        process = multiprocessing.get_context("spawn").Process(target=load, args=(url, password, time.monotonic() + seconds))
        process.start()
    gateway_peak, deadline = 0.0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        gateway_peak = max(gateway_peak, rss_mb(gateway) if gateway else 0.0)
        time.sleep(0.5)
    if process is not None:
        process.join(30)
        if process.is_alive():
            process.kill()
    time.sleep(1.0)
    takes = producer.samples[samples_before:]
    return {"load": name, "skipped": producer.skipped - skipped_before,
            "engine_growth_mb": rss_mb(engine.pid) - engine_before, "gateway_peak_mb": gateway_peak,
            "p50_ms": statistics.median(takes) if takes else float("nan"), "max_ms": max(takes) if takes else float("nan"),
            "takes": len(takes)}


def restart_after_sigkill(engine: subprocess.Popen, url: str, password: str, producer: Producer) -> dict:
    from studio.wire.client import ControlClient
    skipped_before = producer.skipped
    os.kill(gateway_pid(engine.pid), signal.SIGKILL)
    killed_at = time.monotonic()
    while True:
        try:
            ControlClient(url, password, timeout_s=5).connect().close()
            break
        except Exception:
            time.sleep(0.01)
    back_s = time.monotonic() - killed_at
    time.sleep(3.0)
    return {"reconnect_s": back_s, "skipped": producer.skipped - skipped_before}


def main(seconds: float = 60.0) -> dict:
    root = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    engine, url, password, _ = start_engine(root)
    producer = Producer(url, password)
    try:
        time.sleep(3)
        producer.start()
        time.sleep(2)
        rows = [measure("quiet (no load)", seconds, engine, producer, None, url, password)]
        for name, load in LOADS.items():
            print(f"  load: {name} ...", flush=True)
            rows.append(measure(name, seconds, engine, producer, load, url, password))
        restart = restart_after_sigkill(engine, url, password, producer)
    finally:
        producer.stop.set()
        engine.send_signal(signal.SIGTERM)
        engine.wait(60)
    print(report(rows, restart, seconds))
    return {"rows": rows, "restart": restart, "seconds": seconds}


def report(rows: list[dict], restart: dict, seconds: float) -> str:
    quiet = rows[0]["skipped"]
    lines = [f"Gateway under load: live {WIDTH}x{HEIGHT}@{FPS} engine with a recording, {seconds:g} s per load",
             "| load | frames skipped | engine memory growth | gateway peak memory | take-to-air p50 / max | verdict |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        met = (row["skipped"] <= quiet and row["engine_growth_mb"] <= GROWTH_GOAL_MB
               and row["p50_ms"] <= P50_GOAL_MS and row["max_ms"] <= MAX_GOAL_MS)
        lines.append(f"| {row['load']} | {row['skipped']} | {row['engine_growth_mb']:+.1f} MB | "
                     f"{row['gateway_peak_mb']:.0f} MB | {row['p50_ms']:.1f} / {row['max_ms']:.1f} ms "
                     f"({row['takes']} takes) | {'pass' if met else 'MISS'} |")
    lines.append(f"| gateway SIGKILL | {restart['skipped']} | - | - | clients back in {restart['reconnect_s']:.2f} s "
                 f"(goal <= {RECONNECT_GOAL_S:g} s) | "
                 f"{'pass' if restart['skipped'] == 0 and restart['reconnect_s'] <= RECONNECT_GOAL_S else 'MISS'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0)
