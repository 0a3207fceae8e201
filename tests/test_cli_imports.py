"""`studio` declares its parser without importing the sub-commands' implementations.

Start-up to the first byte on the wire is a goal (docs/performance.md): a command pays only for
the modules it uses, so building the parser must load none of the heavy libraries.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studio import cli
from studio.commands import COMMANDS

REPO_ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("PySide6", "av", "cv2", "numpy", "sqlite_utils")


def _loaded_after(code: str) -> list[str]:
    script = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_building_the_parser_imports_no_heavy_library():
    assert _loaded_after("import studio.cli; studio.cli.build_parser()") == []


def test_top_level_help_imports_no_heavy_library():
    code = "import contextlib, io, studio.cli\nwith contextlib.redirect_stdout(io.StringIO()):\n" \
           "    try:\n        studio.cli.main(['--help'])\n    except SystemExit:\n        pass"
    assert _loaded_after(code) == []


def test_a_command_loads_only_its_own_module():
    code = "import studio.cli; studio.cli.build_parser().parse_args(['catalog', 'list'])"
    assert "av" not in _loaded_after(code) and "PySide6" not in _loaded_after(code)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_every_command_declares_its_parser_when_used(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args([command.name, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: studio {command.name} ")
    assert "-h, --help" in out


def test_the_listing_names_every_command_with_its_help(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for command in COMMANDS:
        assert command.name in out and " ".join(command.help.split())[:30] in out
