import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_graphics_core_and_render_command_never_load_qt_widgets():
    script = (
        "import sys\n"
        "from studio.core.graphics.snapshot import snapshot\n"
        "from studio.core.graphics.demo import DemoDirector\n"
        "import studio.commands.render\n"
        "from studio.core.graphics.theme import load_theme\n"
        "snapshot('card', 320, 180, load_theme(), 'TV-55-4K')\n"
        "print('PySide6.QtWidgets' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=REPO_ROOT, env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
