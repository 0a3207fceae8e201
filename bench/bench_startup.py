"""Start-up to the first packet on the wire: command start -> the destination's first byte.

A plain TCP relay in front of a real nginx-rtmp timestamps what the sender writes: its first byte
(the RTMP handshake: the goal's measure) and the moment 16 KiB have gone through (past the
handshake and publish commands, so media: the first keyframe). Ours: `studio broadcast` at 1080p
to that one destination; both from the same moving file (bench/same_work.py; ffmpeg paced with -re). Each runs 3 times; the median is
kept. Goals (issue 29): first byte <= 0.3 s, first media <= 0.5 s. The connections the command makes before it streams (our
reachability check) send nothing and are not counted.

What the first byte waits for, in order: the interpreter and the `studio` CLI's imports; then,
before the engine is imported (studio.commands._early_outputs), a destination worker is started
(the output workers' fork server: an interpreter that loads PyAV) and, meanwhile, the command line
is read by the real parser (declaring `studio broadcast`'s options loads no engine); the worker is
told the plain `rtmp://` --to destination it will likely be given and connects at once: the RTMP
handshake (the first byte), publish, and the FLV header with the SPS/PPS of an x264 opened with the
engine's options (studio/core/output/early_connect.py). So the first byte no longer waits for the
engine's imports (NumPy, OpenCV, PyAV, PySide6's QtGui), the plan (reachability check) or the
session (graphics, sources, encoder): it waits for the CLI and the fork server with PyAV. The first
media still does: it is the engine's first keyframe, after all of those (printed below as parts).

`python -m bench.bench_startup [RUNS]`.
"""

from __future__ import annotations

import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench._measure import AAC, REPO_ROOT, studio_command, studio_env, x264_args
from bench.report import Row
from bench.same_work import ffmpeg_file_inputs, ours_source_args

SIZE, KBPS = "1920x1080", 4500
MEDIA_BYTES = 16 * 1024
GOAL_S, MEDIA_GOAL_S = 0.3, 0.5


class TimingRelay:
    """Accepts connections on a free port and forwards each to `upstream`, noting when bytes arrive."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.first_byte_at: float | None = None
        self.media_at: float | None = None
        self.connections = 0
        self._received = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self.connections += 1
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, outbound: bool) -> None:
        try:
            while data := source.recv(65536):
                if outbound:
                    now = time.perf_counter()
                    with self._lock:
                        self.first_byte_at = self.first_byte_at or now
                        self._received += len(data)
                        if self.media_at is None and self._received >= MEDIA_BYTES:
                            self.media_at = now
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._listener.close()


def _one(command: list[str], env: dict | None, relay: TimingRelay, timeout_s: float = 60) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO_ROOT)
    try:
        while relay.media_at is None and time.perf_counter() - started < timeout_s and process.poll() is None:
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if relay.media_at is None:
        raise RuntimeError(f"{Path(command[0]).name}: no media reached the destination within {timeout_s:g} s")
    return relay.first_byte_at - started, relay.media_at - started


def _median(runs: int, make_command, server, env=None) -> tuple[float, float]:
    firsts, medias = [], []
    for index in range(runs):
        relay = TimingRelay(server.port)
        try:
            first, media = _one(make_command(f"rtmp://127.0.0.1:{relay.port}/live/s{index}"), env, relay)
        finally:
            relay.close()
        firsts.append(first)
        medias.append(media)
    return statistics.median(firsts), statistics.median(medias)


def _python_s(code: str, runs: int) -> float:
    """Median wall time of a fresh interpreter running `code` (start-up parts, to say where the time goes)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=studio_env(), cwd=REPO_ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


PARTS = {
    "bare interpreter": "pass",
    "interpreter + `studio` CLI imports (build_parser)": "import studio.cli; studio.cli.build_parser()",
    "interpreter + reading `studio broadcast`'s command line (no engine)":
        "from studio.commands._early_outputs import early_destinations; early_destinations(['--to', 'rtmp://h/live/k'])",
    "interpreter + `studio broadcast`'s imports (the engine)": "import studio.commands.broadcast, studio.core.session",
    "interpreter + a destination worker's imports": "import av, studio.core.output.sink_worker",
}


def main(runs: int = 3) -> list[Row]:
    from tests.fixtures.rtmp_server import start_rtmp_server

    ffmpeg = shutil.which("ffmpeg")
    with tempfile.TemporaryDirectory() as name:
        server = start_rtmp_server(Path(name) / "nginx")
        try:
            ours = _median(runs, lambda url: studio_command(*ours_source_args(), "--size", SIZE, "--video-bitrate", str(KBPS), "--quiet",
                                                            "--to", url), server, studio_env())
            theirs = _median(runs, lambda url: [ffmpeg, *ffmpeg_file_inputs(60, realtime=True), *x264_args(KBPS), *AAC,
                                                "-f", "flv", url], server) if ffmpeg else None
        finally:
            server.stop()
    print(f"start-up to the wire, 1080p, median of {runs}:")
    print(f"  ours   : first byte {ours[0]:.2f} s, first {MEDIA_BYTES // 1024} KiB {ours[1]:.2f} s")
    if theirs:
        print(f"  ffmpeg : first byte {theirs[0]:.2f} s, first {MEDIA_BYTES // 1024} KiB {theirs[1]:.2f} s")
    parts = {name: _python_s(code, runs) for name, code in PARTS.items()}
    print("  where it goes: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in parts.items()))
    ff = (lambda i: f"{theirs[i]:.2f} s") if theirs else (lambda i: "-")
    first = Row("start-up: command -> first byte", f"{ours[0]:.2f} s", ff(0), ours[0], f"<= {GOAL_S} s", ours[0] <= GOAL_S,
                note="where it goes (fresh interpreters, median): " + ", ".join(
                    f"{name} {seconds:.2f} s" for name, seconds in parts.items()))
    return [
        first,
        Row("start-up: command -> first media (16 KiB)", f"{ours[1]:.2f} s", ff(1), ours[1], f"<= {MEDIA_GOAL_S} s",
            ours[1] <= MEDIA_GOAL_S),
    ]


if __name__ == "__main__":
    from bench.report import table
    print(table(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)))
