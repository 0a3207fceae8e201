"""Where the local engine is: its address (runtime file) and the per-user password (0600 file).

The password is made once per user, kept 0600 in the config directory, and read
by the engine and by local clients; it is never passed in argv or logged.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import stat
from pathlib import Path

import platformdirs

from studio.errors import StudioError, UserInputError

APP_NAME = "live-shopping-studio"
PASSWORD_FILE = "control-password"
RUNTIME_FILE = "engine.json"


def config_dir() -> Path:
    override = os.environ.get("STUDIO_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path(APP_NAME, appauthor=False)


def runtime_dir() -> Path:
    override = os.environ.get("STUDIO_RUNTIME_DIR")
    return Path(override) if override else platformdirs.user_runtime_path(APP_NAME, appauthor=False)


def control_password(create: bool = True) -> str:
    """The user's control password, created (32 random URL-safe characters, mode 0600) on first use.
    A file that other users may read or write is refused, with the command that fixes it."""
    path = config_dir() / PASSWORD_FILE
    if path.exists():
        _check_private(path)
        return path.read_text().strip()
    if not create:
        raise StudioError(f"no control password yet ({path}); start `studio engine` once")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    password = secrets.token_urlsafe(24)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    return password


def _check_private(path: Path) -> None:
    if os.name != "posix":
        return   # Windows: the file's ACL follows the user's profile directory
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise UserInputError(f"control password file {path}: other users can read or change it (mode {mode:04o}); "
                             f"run: chmod 600 {path}")


# Listening on these means every address of the machine; no remote tool can connect to them.
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def reachable_host(host: str) -> str | None:
    """The address a remote tool should be given for an engine listening on `host`: `host` itself,
    or for a wildcard (0.0.0.0, ::) this machine's address on its default route (found by routing a
    UDP socket to a documentation address: no packet is sent); None when the machine has no route."""
    if host not in WILDCARD_HOSTS:
        return host
    family, probe_address = ((socket.AF_INET6, "2001:db8::1") if host == "::" else (socket.AF_INET, "192.0.2.1"))
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((probe_address, 9))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address in WILDCARD_HOSTS else address


def write_engine_address(url: str) -> Path:
    path = runtime_dir() / RUNTIME_FILE
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"url": url, "pid": os.getpid()}))
    temporary.replace(path)
    return path


def remove_engine_address() -> None:
    path = runtime_dir() / RUNTIME_FILE
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def local_engine_url() -> str:
    path = runtime_dir() / RUNTIME_FILE
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        raise StudioError(f"no engine is running here (no {path}); start one with `studio engine`") from None
    pid = info.get("pid")
    if isinstance(pid, int) and not process_alive(pid):
        raise StudioError(f"the engine that wrote {path} (pid {pid}) is no longer running")
    return str(info["url"])


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs (another user's counts; a zombie, dead but not yet reaped, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True            # no /proc (not Linux): os.kill's answer stands
