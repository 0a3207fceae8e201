"""Runs `studio` the way a user does: a separate process, real arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def studio_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def studio_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "studio", *args]


def run_studio(*args: str, timeout_s: float = 120, extra_env: dict[str, str] | None = None,
               **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(studio_command(*args), capture_output=True, text=True, timeout=timeout_s,
                          env={**studio_env(), **(extra_env or {})}, cwd=kwargs.pop("cwd", REPO_ROOT), **kwargs)


def start_studio(*args: str, extra_env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(studio_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**studio_env(), **(extra_env or {})}, cwd=kwargs.pop("cwd", REPO_ROOT),
                            **kwargs)
