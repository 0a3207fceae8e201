r"""Every `studio ...` example in README.md and docs/*.md runs exactly as written, offline.

Each page gets a fresh temporary world (database, config and runtime directories, key
file, home, working directory with the files the examples name: see tests/doc_examples.py)
and its examples run in page order, so a page may build on its own earlier examples.
A new page in docs/ is picked up by itself. Commands in a `not-runnable` block are
reported as skipped, with their file and line.

A command is split into arguments by the shell's rules (shlex: quotes, `# comments`,
`\` continuations) and given to the real entry point, `studio.cli.main`, in this
process: a fresh interpreter per command would cost ~2 s each on this machine.
`studio broadcast` (signals, engine threads, worker processes) and any command using
other shell syntax (pipes, redirections, `$VAR`) run through bash in their own process.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

import studio.cli
from tests.doc_examples import REPO, Example, doc_files, examples_in, key_env_names, prepare_workdir

# Outside `make test-fast`: every example of the docs runs as a process.
pytestmark = pytest.mark.slow


COMMAND_TIMEOUT_S = 180
STDIN_KEY = "doc-example-stream-key-0123456789\n"  # what `--key-stdin` reads, as if pasted

PAGES = [path for path in doc_files() if any(example.runnable for example in examples_in(path))]
NOT_RUNNABLE = [example for path in doc_files() for example in examples_in(path) if not example.runnable]


def isolated_environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("STUDIO_", "XDG_"))}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(root / "home"),
        "STUDIO_DB": str(root / "studio.db"),
        "STUDIO_CONFIG_DIR": str(root / "config"),
        "STUDIO_RUNTIME_DIR": str(root / "runtime"),
        "STUDIO_KEY_FILE": str(root / "config" / "stream-keys.json"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    })
    for name in ("home", "config", "runtime"):
        (root / name).mkdir(mode=0o700)
    return env


def test_the_pages_have_examples():
    assert REPO / "README.md" in PAGES and len(PAGES) >= 3


_OTHER_SHELL_SYNTAX = re.compile(r"[|<>;&$`*?]")


def needs_own_process(argv: list[str], command: str) -> bool:
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", command.split(" #")[0])
    return argv[:2] in (["studio", "broadcast"], ["studio", "engine"]) or bool(_OTHER_SHELL_SYNTAX.search(unquoted))


def run_in_process(argv: list[str], capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(STDIN_KEY))
    try:
        code = studio.cli.main(argv[1:])
    except SystemExit as exit_:  # argparse refusing the command line
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def run(example: Example, workdir: Path, env: dict[str, str], capsys, monkeypatch) -> tuple[int, str, str]:
    argv = shlex.split(example.command.replace("\\\n", " "), comments=True)
    if needs_own_process(argv, example.command):
        result = subprocess.run(["bash", "-c", example.command], cwd=workdir, env=env, input=STDIN_KEY,
                                capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S)
        return result.returncode, result.stdout, result.stderr
    return run_in_process(argv, capsys, monkeypatch)


@pytest.fixture
def isolated_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.parametrize("page", PAGES, ids=[str(path.relative_to(REPO)) for path in PAGES])
def test_every_example_on_the_page_runs(page: Path, tmp_path: Path, capsys, monkeypatch, isolated_keyring):
    workdir = tmp_path / "work"
    workdir.mkdir()
    prepare_workdir(workdir)
    env = isolated_environment(tmp_path)
    for name in [key for key in os.environ if key.startswith(("STUDIO_", "XDG_"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(workdir)
    for example in (example for example in examples_in(page) if example.runnable):
        for name in key_env_names(example.command):
            env.setdefault(name, f"doc-example-key-{name.lower()}")
            monkeypatch.setenv(name, env[name])
        code, out, err = run(example, workdir, env, capsys, monkeypatch)
        assert code == 0, (
            f"{example.where}: exit {code}\n$ {example.command}\n--- stdout\n{out[-1500:]}\n--- stderr\n{err[-3000:]}"
        )


def test_extraction_follows_the_convention(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Text `studio inline in prose` is not an example, nor is a line inside a sentence:\n"
                    "`studio destination add tiktok --url SERVER_URL`\n\n"
                    "`studio render slate --out a.png`\n"
                    "```\nstudio show create friday  # comment\nstudio rundown add friday \\\n    --kind opening\n"
                    "studio: error: output, not a command\n```\n"
                    "```sh not-runnable\nstudio broadcast --all-destinations\n```\n", encoding="utf-8")
    found = [(example.line, example.command, example.runnable) for example in examples_in(page)]
    assert found == [(4, "studio render slate --out a.png", True), (6, "studio show create friday  # comment", True),
                     (7, "studio rundown add friday \\\n    --kind opening", True),
                     (12, "studio broadcast --all-destinations", False)]


def test_a_failing_example_fails(tmp_path, capsys, monkeypatch, isolated_keyring):
    monkeypatch.setenv("STUDIO_DB", str(tmp_path / "studio.db"))
    example = Example(tmp_path / "x.md", 1, "studio rundown add nosuchshow --kind opening --duration 30", True)
    code, _, err = run(example, tmp_path, dict(os.environ), capsys, monkeypatch)
    assert code == 2 and "nosuchshow" in err


@pytest.mark.parametrize("example", NOT_RUNNABLE, ids=[example.where for example in NOT_RUNNABLE])
def test_not_runnable_examples_are_listed(example):
    pytest.skip(f"not-runnable block: {example.where}: {example.command.splitlines()[0]}")
