"""The core runs headless: no module under studio/core may reach for Qt widgets or the UI.

Checked twice: statically over every import statement, and by importing every
core module in a fresh interpreter and looking at what got loaded.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import studio.core

REPO_ROOT = Path(__file__).resolve().parents[1]
CORE_DIR = REPO_ROOT / "studio" / "core"
# argparse and studio.commands: the core builds sessions from typed plans, never from a command line.
FORBIDDEN_IN_CORE = ("PySide6.QtWidgets", "studio.ui", "argparse", "studio.commands")
# QPainter needs QtGui; only the graphics renderer may use it.
QTGUI_ALLOWED_UNDER = CORE_DIR / "graphics"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_core_module_imports_widgets_or_the_ui():
    offences = []
    for path in sorted(CORE_DIR.rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith(FORBIDDEN_IN_CORE):
                offences.append(f"{path.relative_to(REPO_ROOT)} imports {name}")
            if name.startswith("PySide6.QtGui") and QTGUI_ALLOWED_UNDER not in path.parents:
                offences.append(f"{path.relative_to(REPO_ROOT)} imports {name} outside graphics rendering")
    assert offences == []


def test_no_studio_module_imports_opencv():
    """OpenCV is a test-only dependency: the app scales, converts and reads pictures with PyAV, NumPy
    and its compiled loops (studio/core/pixels.py), and build.spec leaves cv2 out of the build."""
    offences = [f"{path.relative_to(REPO_ROOT)} imports {name}" for path in sorted((REPO_ROOT / "studio").rglob("*.py"))
                for name in imported_modules(path) if name == "cv2" or name.startswith("cv2.")]
    assert offences == []


def test_importing_every_core_module_loads_no_widgets_and_no_opencv():
    modules = [info.name for info in pkgutil.walk_packages(studio.core.__path__, "studio.core.")]
    script = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules) + \
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6.QtWidgets', 'studio.ui', 'cv2'))))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=REPO_ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert len(modules) > 40


# The window is a client: it reaches the engine only through the control client and
# the shared-memory frames; from the rest of the core it may take plain data and
# declarations (settings, errors); platform presets come
# over the control API (GetPlatformPresets), never the engine itself.
UI_DIR = REPO_ROOT / "studio" / "ui"
UI_MAY_IMPORT_FROM_CORE = (
    "studio.core.frames",
    "studio.core.settings",
    "studio.core.graphics.formatting",   # prices shown as the on-air card shows them (one formatter)
)


def ui_offences(ui_dir: Path) -> list[str]:
    offences = []
    for path in sorted(ui_dir.rglob("*.py")):
        for name in sorted(imported_modules(path)):  # a set: sorted, so the report is stable
            if name.startswith(("studio.core", "studio.gateway")) and not name.startswith(UI_MAY_IMPORT_FROM_CORE) \
                    and name != "studio.core":
                offences.append(f"{path.name} imports {name}")
    return offences


def test_the_ui_reaches_the_core_only_through_the_client_frames_and_plain_data():
    assert ui_offences(UI_DIR) == []


def test_the_ui_rule_catches_an_engine_import(tmp_path):
    (tmp_path / "bad.py").write_text("from studio.core import engine\nimport studio.core.session\n")
    assert ui_offences(tmp_path) == ["bad.py imports studio.core.engine", "bad.py imports studio.core.session"]


# What clients import (studio.wire) stands alone: the protocol, the typed commands, the client and
# connect-info may use errors and settings, never the engine, the gateway or the window.
WIRE_DIR = REPO_ROOT / "studio" / "wire"
WIRE_MAY_IMPORT = ("studio.wire", "studio.errors", "studio.core.settings", "studio.doc_sections")


def test_the_wire_package_imports_no_engine_gateway_or_window():
    offences = [f"{path.name} imports {name}" for path in sorted(WIRE_DIR.rglob("*.py"))
                for name in sorted(imported_modules(path))
                if name.startswith("studio.") and not name.startswith(WIRE_MAY_IMPORT)]
    assert offences == []


# The gateway (its own process, docs/architecture.md) faces the network and never the media: it may
# use the wire package, errors and the version, never the engine's core; and crash reports, as every process.
GATEWAY_DIR = REPO_ROOT / "studio" / "gateway"
GATEWAY_MAY_IMPORT = ("studio.wire", "studio.gateway", "studio.errors", "studio.__version__", "studio.doc_sections",
                      "studio.crash_reports", "studio.disk_space")


def test_the_gateway_imports_no_engine_code():
    offences = [f"{path.name} imports {name}" for path in sorted(GATEWAY_DIR.rglob("*.py"))
                for name in sorted(imported_modules(path))
                if name.startswith("studio") and name != "studio" and not name.startswith(GATEWAY_MAY_IMPORT)]
    assert offences == []


def test_the_gateway_process_loads_no_numpy_qt_or_engine(tmp_path):
    script = ("import sys, studio.gateway.server, studio.gateway.engine_link, studio.gateway.__main__\n"
              "from studio import crash_reports; crash_reports.install('gateway', settings=False)\n"
              "print(sorted(m for m in sys.modules if m.startswith(('numpy', 'PySide6', 'cv2', 'av', 'studio.core'))))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
                            env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
