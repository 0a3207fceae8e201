"""A real `studio engine` in its own process, with its own config, runtime dir and database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from tests.broadcast.run_studio import REPO_ROOT, run_studio, studio_command, studio_env


def user_env(root: Path) -> dict[str, str]:
    """Per-test user state: database, config dir (control password) and runtime dir (engine address)."""
    return {"STUDIO_DB": str(root / "studio.db"), "STUDIO_CONFIG_DIR": str(root / "config"),
            "STUDIO_RUNTIME_DIR": str(root / "run")}


def make_show(root: Path) -> None:
    """The demo catalog and a three-segment show, made with the CLI's own code in this process."""
    import studio.cli
    for args in (
        ("catalog", "import", str(DEMO_CATALOG_PATH)),
        ("show", "create", "friday"),
        ("rundown", "add", "friday", "--kind", "opening", "--duration", "30", "--cue", 'logo@0 {"persist": true}'),
        ("rundown", "add", "friday", "--kind", "product", "--sku", "TV-55-4K", "--duration", "60", "--cue", "card@0"),
        ("rundown", "add", "friday", "--kind", "flash_deal", "--sku", "HP-NC-BLK", "--duration", "60", "--cue", "card@0"),
    ):
        assert studio.cli.main([*args, "--db", str(root / "studio.db")]) == 0, args


@dataclass
class EngineProcess:
    root: Path
    args: tuple[str, ...]
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.env = {**studio_env(), **user_env(self.root)}
        self.process = subprocess.Popen(studio_command("engine", "--control-port", "0", "--quiet", *self.args),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env,
                                        cwd=REPO_ROOT, start_new_session=True)
        threading.Thread(target=self._read, args=(self.process.stderr,), daemon=True).start()
        line = self.process.stdout.readline()
        match = re.search(r"control on (ws://\S+)", line)
        assert match, f"engine did not start: {line!r}\n" + self.stderr()
        self.url = match.group(1)
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.password = (self.root / "config" / "control-password").read_text().strip()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def stderr(self) -> str:
        return "\n".join(self.lines)

    def client(self, **kwargs):
        from studio.core.control.client import ControlClient
        return ControlClient(self.url, self.password, **kwargs).connect()

    def control(self, *args: str, timeout_s: float = 60) -> subprocess.CompletedProcess:
        return run_studio("control", *args, extra_env=user_env(self.root), timeout_s=timeout_s)

    def stop(self, timeout_s: float = 60) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=timeout_s)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wait_until(predicate, timeout_s: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
