"""What every benchmark case measures the same way: a command's CPU, wall and memory, process tree included.

A `Sampler` polls /proc every 0.2 s for the command's whole process tree (our destination workers are
spawned processes): the sum of PSS (proportional set size, so pages the workers share with each other
are not counted twice) and of RSS, and the main process's own peak RSS (VmHWM, what `time -v` reports).
CPU is user + system seconds of the process and every child it waited for (getrusage).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

FPS = 30
REPO_ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def studio_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "studio", "broadcast", *arguments]


def studio_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT), **extra}


def x264_args(kbps: int, fps: int = FPS) -> list[str]:
    """The encoder settings our engine uses (veryfast, zerolatency, High, CBR, keyframe every 2 s)."""
    return ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "high",
            "-pix_fmt", "yuv420p", "-b:v", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize", f"{kbps}k",
            "-g", str(2 * fps), "-keyint_min", str(2 * fps), "-sc_threshold", "0", "-x264-params", "nal-hrd=cbr"]


def ffmpeg_inputs(size: str, duration_s: float, fps: int = FPS) -> list[str]:
    return ["-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", f"{duration_s:g}"]


AAC = ["-c:a", "aac", "-b:a", "160k", "-ac", "2"]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _kib(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Sample:
    at_s: float
    pss_mib: float
    rss_mib: float
    processes: int
    main_pss_mib: float = 0.0


@dataclass
class Sampler:
    """Polls a process tree's memory until stopped; `samples` is the time series."""
    pid: int
    interval_s: float = 0.2
    samples: list[Sample] = field(default_factory=list)
    main_peak_rss_mib: float = 0.0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._started = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            pss = sum(_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
            rss = sum(_kib(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
            self.main_peak_rss_mib = max(self.main_peak_rss_mib, _kib(f"/proc/{self.pid}/status", "VmHWM:") / 1024)
            if pss:
                main_pss = _kib(f"/proc/{self.pid}/smaps_rollup", "Pss:") / 1024
                self.samples.append(Sample(time.perf_counter() - self._started, pss / 1024, rss / 1024, len(pids), main_pss))
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_pss_mib(self) -> float:
        return max((s.pss_mib for s in self.samples), default=0.0)

    @property
    def peak_rss_mib(self) -> float:
        return max((s.rss_mib for s in self.samples), default=0.0)


@dataclass
class Run:
    cpu_s: float
    wall_s: float
    sampler: Sampler
    stderr: str


def measured(command: list[str], env: dict | None = None, timeout_s: float = 3600) -> Run:
    """Runs a command to its end; its CPU (tree), wall time and memory samples."""
    cpu_before, started = _children_cpu_s(), time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=env, cwd=REPO_ROOT)
    sampler = Sampler(process.pid)
    _, stderr = process.communicate(timeout=timeout_s)
    wall_s = time.perf_counter() - started
    sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} {' '.join(command[1:4])} failed: {stderr.strip()[-400:]}")
    return Run(_children_cpu_s() - cpu_before, wall_s, sampler, stderr)
