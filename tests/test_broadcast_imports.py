"""A plain `studio broadcast` (--to URL, --record FILE, --demo) loads no database, key store, TLS, QR code library or Qt.

Start-up to the first byte and peak memory are goals (docs/performance.md): sqlite-utils (with click
and pluggy) and keyring are only for --show and --destination, segno only for the graphics that draw
a QR code, ssl only for --ca-file and rtmps://. Qt (PySide6) and segno are loaded by the graphics
process (studio/core/graphics/render_process.py), never by the engine's; only the test card source,
whose clock is drawn with Qt, loads Qt in the engine. Each case runs in a fresh interpreter,
since an import made by an earlier test would hide one. That --show and --destination still work is covered by tests/broadcast/test_show_on_air.py and
tests/destinations/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATABASE_AND_KEYS = ("sqlite_utils", "click", "pluggy", "keyring", "platformdirs")
QR_CODES = ("segno",)
TLS = ("ssl", "hashlib")  # segno would load both through urllib.request: studio.lazy_modules
QT = ("PySide6",)
WATCHED = DATABASE_AND_KEYS + QR_CODES + TLS + QT + ("av",)


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(m for m in {WATCHED!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=REPO_ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def _broadcast(*arguments: str) -> str:
    """Runs `studio broadcast` in this process of the fresh interpreter, as `python -m studio` would."""
    return ("import studio.cli\n"
            f"code = studio.cli.main(['broadcast', '--size', '320x240', '--quiet', {', '.join(map(repr, arguments))}])\n"
            "assert code == 0, code")


def test_the_broadcast_command_imports_no_database_key_store_qr_library_or_qt():
    loaded = _loaded_after("import studio.commands.broadcast, studio.core.session")   # what run_broadcast imports
    assert "av" in loaded  # the check itself works: the engine is loaded
    assert loaded.isdisjoint(DATABASE_AND_KEYS + QR_CODES + TLS + QT), loaded


def test_reading_the_broadcast_command_line_loads_no_engine():
    """It is read before the engine is imported, to connect the destinations meanwhile
    (studio/commands/_early_outputs.py): declaring and checking its options loads no codec, NumPy or Qt."""
    code = ("import sys\nfrom studio.commands._early_outputs import early_destinations\n"
            "assert early_destinations(['--to', 'rtmp://127.0.0.1/live/k', '--size', '1920x1080'])\n"
            "print(' '.join(m for m in ('av', 'numpy', 'cv2', 'PySide6') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


def test_a_plain_recording_runs_without_them(tmp_path):
    loaded = _loaded_after(_broadcast("--record", str(tmp_path / "plain.mkv"), "--duration", "0.5",
                                      "--as-fast-as-possible"))
    assert (tmp_path / "plain.mkv").stat().st_size > 0
    assert loaded.isdisjoint(DATABASE_AND_KEYS + QR_CODES + TLS), loaded


def test_the_demo_over_a_file_runs_without_the_database_key_store_qr_library_or_qt(tmp_path):
    """Its graphics (a QR code on the card among them) are drawn in the graphics process."""
    source = tmp_path / "source.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1",
                    str(source)], check=True, timeout=60)
    loaded = _loaded_after(_broadcast("--demo", "--source", f"file:{source}", "--record", str(tmp_path / "demo.mkv"),
                                      "--duration", "0.5", "--as-fast-as-possible"))
    assert (tmp_path / "demo.mkv").stat().st_size > 0
    assert loaded.isdisjoint(DATABASE_AND_KEYS + QR_CODES + TLS + QT), loaded


def test_numpy_loads_without_blas_threads():
    """OpenBLAS's threads cost start-up and nothing here uses them (studio.cli.ENVIRONMENT_DEFAULTS)."""
    code = ("import os, studio.cli\n"
            "try:\n    studio.cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
            "assert 'numpy' not in __import__('sys').modules\n"
            "before = len(os.listdir('/proc/self/task'))\nimport numpy\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')) - before)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT,
                            env={key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["1", "0"]
