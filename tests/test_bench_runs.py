"""The benchmarks still run: one cheap case end to end, printing its table row (figures are not judged here)."""

import subprocess
import sys
from pathlib import Path

from bench.report import Row, table

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_the_linger_case_runs_and_prints_its_row():
    result = subprocess.run([sys.executable, "-m", "bench.bench_linger"], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| nothing lingers after exit |" in result.stdout


def test_the_table_has_a_header_a_rule_and_one_line_per_row():
    rows = [Row("a case", "1.0 s", "0.9 s", 1.11, "<= 1.03x", False), Row("another", "0", "-", None, "-", None)]
    lines = table(rows).splitlines()
    assert lines[0].split("|")[1].strip() == "case" and set(lines[1]) <= {"|", "-"}
    assert [line.split("|")[-2].strip() for line in lines[2:]] == ["MISS", "-"]
