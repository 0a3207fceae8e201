"""PySide6's per-import source scan is off wherever the project loads Qt (studio.qt_source_scan).

The scan only serves `from __feature__ import ...`, so turning it off is right only while nothing
uses that: the first test keeps it so. Qt drawing itself is covered by the graphics and UI tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FEATURE_IMPORT = re.compile(r"^\s*(from\s+__feature__\s+import|import\s+__feature__)", re.MULTILINE)


def test_nothing_uses_pysides_feature_syntax():
    users = [path for folder in ("studio", "tests", "bench", "tools") for path in (REPO_ROOT / folder).rglob("*.py")
             if FEATURE_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert users == []


@pytest.mark.parametrize("package", ["studio.core.graphics", "studio.ui"])
def test_modules_imported_after_qt_are_not_read(package):
    # `wave` is a pure-Python standard module nothing here imports; PySide6's scan would read its source.
    code = (f"import linecache, sys\nimport {package}\nassert 'wave' not in sys.modules\nimport wave\n"
            "print(any(name.endswith('wave.py') for name in linecache.cache))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=REPO_ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]


def test_without_the_switch_the_scan_reads_sources():
    """The check above can fail: with PySide6 loaded and the switch not used, the source is read."""
    code = ("import linecache, PySide6.QtCore\nimport wave\n"
            "print(any(name.endswith('wave.py') for name in linecache.cache))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"]
