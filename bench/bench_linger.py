"""Nothing lingers after exit: processes left behind once `studio broadcast` has returned.

Runs a short 720p broadcast to a local nginx-rtmp destination and a recording with a unique marker in
its environment (every child process inherits it: destination workers, the server they fork from,
the multiprocessing resource tracker), and the moment the command has exited, lists the live processes carrying that marker; then
waits for them to go and says how long it took. Goal: none at exit.

`python -m bench.bench_linger`.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bench._measure import REPO_ROOT, studio_command, studio_env
from bench.report import Row


def _marked(tag: bytes) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            if tag in Path(f"/proc/{entry}/environ").read_bytes():
                found.append(Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
        except OSError:
            continue
    return found


def main() -> list[Row]:
    from tests.fixtures.rtmp_server import start_rtmp_server

    marker = f"BENCH_LINGER_{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = start_rtmp_server(folder / "nginx")
        try:
            subprocess.run(studio_command("--size", "1280x720", "--duration", "2", "--quiet", "--to", server.url("linger"),
                                          "--record", str(folder / "linger.mkv")),
                           env=studio_env(BENCH_LINGER=marker), cwd=REPO_ROOT, check=True, capture_output=True, timeout=120)
            exited = time.perf_counter()
            left = _marked(marker.encode())
            while _marked(marker.encode()) and time.perf_counter() - exited < 30:
                time.sleep(0.01)
            gone_after_s = time.perf_counter() - exited
        finally:
            server.stop()
    print(f"after exit: {len(left)} process(es) left" + (f", gone after {gone_after_s:.2f} s: " + "; ".join(left) if left else ""))
    return [Row("nothing lingers after exit", f"{len(left)} left" + (f" ({gone_after_s:.2f} s)" if left else ""), "-",
                len(left), "0", not left, note="; ".join(left))]


if __name__ == "__main__":
    from bench.report import table
    print(table(main()))
