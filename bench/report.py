"""The one table `make bench` prints and writes to docs/performance.md, with the machine it ran on."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DOC = REPO_ROOT / "docs" / "performance.md"
PLOT = REPO_ROOT / "docs" / "performance.png"


@dataclass
class Row:
    """One measured goal. `ours` and `ffmpeg` are display strings; `ratio` is what the goal bounds."""
    case: str
    ours: str
    ffmpeg: str
    value: float | None  # the figure the goal bounds (a ratio, ms, MiB, count)
    goal: str
    met: bool | None  # None: no goal, or not measured
    note: str = ""
    details: dict = field(default_factory=dict)  # extra figures for the notes and plot

    @property
    def verdict(self) -> str:
        return "-" if self.met is None else ("pass" if self.met else "MISS")

    def cells(self) -> list[str]:
        figure = "-" if self.value is None else f"{self.value:.3g}"
        return [self.case, self.ours, self.ffmpeg, figure, self.goal, self.verdict]


HEADER = ["case", "ours", "ffmpeg CLI", "figure", "goal", "result"]


def table(rows: list[Row]) -> str:
    """A Markdown table, also readable as plain text in a terminal."""
    lines = [HEADER] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    text = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    text.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(text)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not installed"


def machine(load_at_start: tuple[float, float, float]) -> list[str]:
    import av
    import numpy

    load_now = os.getloadavg()
    return [
        f"- When: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {_cpu_model()}, {os.cpu_count()} logical cores; {platform.system()} {platform.release()}",
        f"- Load average (1/5/15 min): {' '.join(f'{x:.2f}' for x in load_at_start)} at the start, "
        f"{' '.join(f'{x:.2f}' for x in load_now)} at the end",
        f"- Python {platform.python_version()}, PyAV {av.__version__} (FFmpeg libraries "
        f"{'.'.join(map(str, av.library_versions.get('libavcodec', ())))} libavcodec), NumPy {numpy.__version__}",
        f"- ffmpeg CLI: {_version(['ffmpeg', '-version'])}",
    ]


def write_doc(rows: list[Row], machine_lines: list[str], notes: list[str], plotted: bool) -> None:
    """Rewrites the generated part of docs/performance.md (between the markers), keeping the prose around it."""
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    generated = [begin, "", "Measured by `make bench` on:", "", *machine_lines, "", table(rows), ""]
    if notes:
        generated += ["Notes from this run:", "", *[f"- {note}" for note in notes], ""]
    if plotted:
        generated += [f"![N-destination CPU curve, soak RSS and lateness over time]({PLOT.name})", ""]
    generated.append(end)
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    DOC.write_text(head + "\n".join(generated) + tail)
    print(f"wrote {DOC.relative_to(REPO_ROOT)}", file=sys.stderr)
