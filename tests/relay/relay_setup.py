"""A relay as a user makes one: stored destinations, `studio relay config`, and the files run by a plain
`nginx -p DIR/ -c DIR/nginx.conf` (it daemonises; stopped with `-s stop`)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import keyring.core
from keyring.backends import fail

from tests.broadcast.run_studio import run_studio
from tests.fixtures.engine import studio_cli, user_env
from tests.fixtures.rtmp_server import free_port, nginx_binary


def store_destinations(root: Path, urls: dict[str, str], monkeypatch) -> None:
    """One stored custom destination per name, its key from the environment (as a user would)."""
    for key, value in user_env(root).items():   # this process's user state too: studio_cli runs in it
        monkeypatch.setenv(key, value)
    # keyring chose its backend when this process first asked (an earlier test in this worker may have set
    # another): the keys go to the key file, as in the `studio` processes started with user_env
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    (root / "config").mkdir(parents=True, exist_ok=True)
    for name, url in urls.items():
        server, _, key = url.rpartition("/")
        monkeypatch.setenv(f"KEY_{name.upper()}", key)
        studio_cli(root / "studio.db", "destination", "add", name, "--preset", "custom", "--url", server,
                   "--key-env", f"KEY_{name.upper()}")


@dataclass
class Relay:
    directory: Path
    host: str
    port: int
    stat_port: int
    url: str                       # what --relay takes (no secret: the key store has it)
    printed: str                   # everything `studio relay config` printed

    def _nginx(self, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([nginx_binary(), "-p", f"{self.directory}/", "-c", str(self.directory / "nginx.conf"),
                               *extra], capture_output=True, text=True, timeout=30)

    def start(self) -> None:
        started = self._nginx()
        assert started.returncode == 0, started.stderr + self.error_log()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the relay did not listen within 20 s:\n" + self.error_log())

    def stop(self) -> None:
        pid_file = self.directory / "nginx.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text())
        self._nginx("-s", "stop")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(pid, 9)

    def error_log(self) -> str:
        log = self.directory / "logs" / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""


def configure_relay(root: Path, host: str = "127.0.0.1", *extra: str) -> Relay:
    """`studio relay config` in its own process (what it prints is checked for secrets by the tests)."""
    port, stat_port = free_port(), free_port()
    directory = root / "relay"
    done = run_studio("relay", "config", "--out", str(directory), "--listen", f"{host}:{port}",
                      "--stat-port", str(stat_port), *extra, extra_env=user_env(root))
    assert done.returncode == 0, done.stderr
    url = re.search(r"--relay '([^']+)'", done.stdout).group(1)
    return Relay(directory, host, port, stat_port, url, done.stdout + done.stderr)
