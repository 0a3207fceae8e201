"""The bundled font, reached through the Qt resource system (resources.qrc).

`make resources` compiles resources.qrc into studio/resources_rc.py, which is
generated and never committed. A clean checkout has no such module, so the
first use compiles it with pyside6-rcc; where that cannot be done (read-only
install, no rcc) the .ttf files are loaded straight from assets/fonts, so a
show never goes on air with a fallback system font.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtGui import QFontDatabase

REPO_ROOT = Path(__file__).resolve().parents[3]
QRC_PATH = REPO_ROOT / "resources.qrc"
GENERATED_MODULE = "studio.resources_rc"
GENERATED_PATH = REPO_ROOT / "studio" / "resources_rc.py"
FONT_FILES = ("assets/fonts/DejaVuSans.ttf", "assets/fonts/DejaVuSans-Bold.ttf")

GENERATED_HEADER = (
    "# Generated from resources.qrc by `make resources` (studio/core/graphics/resources.py).\n"
    "# Do not edit and do not commit: it is rebuilt from the .qrc and the files it lists.\n"
)

_lock = threading.Lock()
_loaded_families: tuple[str, ...] | None = None


def find_rcc() -> str | None:
    beside_python = Path(sys.executable).with_name("pyside6-rcc")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("pyside6-rcc")


def compile_resources(qrc_path: Path = QRC_PATH, out_path: Path | None = None) -> Path:
    """Run pyside6-rcc on the .qrc and write the module with a do-not-edit header."""
    out_path = out_path or GENERATED_PATH
    rcc = find_rcc()
    if rcc is None:
        raise FileNotFoundError("pyside6-rcc not found next to the Python interpreter or on PATH")
    result = subprocess.run(
        [rcc, "-g", "python", str(qrc_path.name)],
        cwd=qrc_path.parent,
        capture_output=True,
        check=True,
    )
    # Written to a temporary name first so a concurrent importer never sees half a module.
    partial = out_path.with_suffix(".py.partial")
    partial.write_bytes(GENERATED_HEADER.encode() + result.stdout)
    partial.replace(out_path)
    return out_path


def _register_compiled_resources() -> bool:
    try:
        importlib.import_module(GENERATED_MODULE)
        return True
    except ImportError:
        pass
    try:
        compile_resources()
        importlib.invalidate_caches()
        importlib.import_module(GENERATED_MODULE)
        return True
    except (OSError, subprocess.CalledProcessError, ImportError):
        return False


def load_bundled_fonts() -> tuple[str, ...]:
    """Register the bundled fonts once per process; returns their family names.

    Needs a QGuiApplication (see qt_runtime.ensure_gui_app).
    """
    global _loaded_families
    with _lock:
        if _loaded_families is not None:
            return _loaded_families
        if _register_compiled_resources():
            sources = [f":/{relative}" for relative in FONT_FILES]
        else:
            sources = [str(REPO_ROOT / relative) for relative in FONT_FILES]
        families: list[str] = []
        for source in sources:
            font_id = QFontDatabase.addApplicationFont(source)
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
        _loaded_families = tuple(dict.fromkeys(families))
        return _loaded_families


if __name__ == "__main__":
    print(compile_resources())
