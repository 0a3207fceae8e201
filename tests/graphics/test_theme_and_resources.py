import json

import pytest

from studio.core.graphics import resources
from studio.core.graphics.theme import available_theme_names, load_theme
from studio.errors import UserInputError


def test_bundled_themes_load():
    assert {"studio", "daylight"} <= set(available_theme_names())
    assert load_theme("daylight").primary == (0x0A, 0x7C, 0x66, 255)
    assert load_theme("studio").surface[3] == 0xE6


def test_unknown_theme_names_the_bundled_ones():
    with pytest.raises(UserInputError, match="'neon'.*studio"):
        load_theme("neon")


def test_bad_theme_colour_names_file_and_field(tmp_path):
    bad = json.loads(load_theme.__globals__["THEMES_DIR"].joinpath("studio.json").read_text())
    bad["colors"]["accent"] = "yellow"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(UserInputError, match=r"bad\.json: colors\.accent"):
        load_theme(str(path))


def test_bundled_font_is_registered():
    assert "DejaVu Sans" in resources.load_bundled_fonts()


def test_resources_compile_from_qrc_with_do_not_edit_header(tmp_path):
    out = resources.compile_resources(out_path=tmp_path / "resources_rc.py")
    text = out.read_text(encoding="utf-8", errors="replace")
    assert text.startswith(resources.GENERATED_HEADER)
    assert "qRegisterResourceData" in text


def test_generated_module_is_not_tracked():
    gitignore = (resources.REPO_ROOT / ".gitignore").read_text()
    assert "studio/resources_rc.py" in gitignore.split()


def test_a_clean_checkout_compiles_the_resources_on_first_use(tmp_path):
    """No generated module yet (as in a fresh clone): the font still comes from the compiled .qrc."""
    import subprocess
    import sys

    script = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
from studio.core.graphics import resources
from studio.core.graphics.qt_runtime import ensure_gui_app
from PySide6.QtCore import QFile
resources.GENERATED_MODULE = "fresh_resources_rc"
resources.GENERATED_PATH = resources.Path({str(tmp_path)!r}) / "fresh_resources_rc.py"
ensure_gui_app()
print(resources.load_bundled_fonts(), QFile.exists(":/assets/fonts/DejaVuSans.ttf"), resources.GENERATED_PATH.exists())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=resources.REPO_ROOT, env={**__import__("os").environ, "PYTHONPATH": str(resources.REPO_ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('DejaVu Sans',) True True"
