"""Crash reports, kept on this machine: every studio process writes one when it dies of a bug.

`install(process)` at the start of each process (the window, `studio engine` and the other commands,
the gateway, output workers and relays) sets up, under the user's data directory:

- `crash-reports/running/STEM.json`: who this process is (versions, platform, its command line with
  stream keys masked, the declared settings: none of them secret);
- `crash-reports/running/STEM.fault`: where `faulthandler` writes the stacks of every thread when
  the process dies of a fatal signal (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL);
- `crash-reports/running/STEM.log`: the process's last log lines (a small rotating file).

An uncaught exception (the exception hook, or a thread's) writes its report at once. A process that
ends normally removes its running files (`finish`); one whose `.fault` is not empty when its process
is gone crashed, and the next start turns those files into a report (`collect`). Reports are plain
text in `crash-reports/`, newest first in `pending()` until offered once (the window's dialog, or one
line on stderr for a command); nothing is ever sent anywhere. Every report is scrubbed: stream URLs
masked, and any known secret (the control password, the key file's keys) replaced.
"""

from __future__ import annotations

import atexit
import faulthandler
import json
import logging
import logging.handlers
import os
import re
import sys
import threading
import time
import traceback
from pathlib import Path

APP_NAME = "live-shopping-studio"
LOG_TAIL_LINES = 60
LOG_BYTES = 64 * 1024
_URL = re.compile(r"\b(?:rtmps?|srt|rist|https?)://[^\s'\"<>]+", re.IGNORECASE)
REDACTED = "[redacted]"
_installed: dict = {}


DIR_ENV = "STUDIO_CRASH_REPORTS_DIR"


def reports_dir() -> Path:
    """`crash-reports` in the user's data directory (STUDIO_CRASH_REPORTS_DIR: elsewhere, as the tests do)."""
    override = os.environ.get(DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "crash-reports"


def install(process: str, settings: bool = True) -> None:
    """Crash reporting for this process (once; later calls do nothing). `settings`: put the user's settings in
    its reports (the gateway, which loads no engine code, leaves them out)."""
    if _installed:
        return
    running = reports_dir() / "running"
    try:
        running.mkdir(parents=True, exist_ok=True)
        stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{process.replace(' ', '-')}-{os.getpid()}"
        (running / f"{stem}.json").write_text(json.dumps(_describe(process, settings)), encoding="utf-8")
        fault = open(running / f"{stem}.fault", "w", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    except OSError:
        return      # a read-only home: the studio runs, without crash reports
    faulthandler.enable(fault, all_threads=True)
    log = logging.handlers.RotatingFileHandler(running / f"{stem}.log", maxBytes=LOG_BYTES, backupCount=1,
                                               encoding="utf-8")
    log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(log)
    _installed.update(stem=stem, running=running, fault=fault, log=log, pid=os.getpid())
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    def on_exception(kind, value, trace) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _write_report(stem, "".join(traceback.format_exception(kind, value, trace)))
        previous_hook(kind, value, trace)

    def on_thread_exception(args) -> None:
        if args.exc_type is not SystemExit:
            where = f"thread {args.thread.name if args.thread else '?'}"
            _write_report(f"{stem}-{where.replace(' ', '-')}", f"Uncaught exception in {where}:\n" + "".join(
                traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))
        previous_thread_hook(args)

    sys.excepthook, threading.excepthook = on_exception, on_thread_exception
    atexit.register(finish)


def report_exception(error: BaseException) -> None:
    """An exception that ends this process where no exception hook sees it (a multiprocessing child)."""
    if _installed and not isinstance(error, (KeyboardInterrupt, SystemExit)):
        _write_report(_installed["stem"], "".join(traceback.format_exception(error)))


def finish() -> None:
    """This process ends normally: no crash to report, its running files go."""
    if not _installed or _installed.get("pid") != os.getpid():
        return
    faulthandler.disable()
    logging.getLogger().removeHandler(_installed["log"])
    for handle in (_installed["log"], _installed["fault"]):
        handle.close()
    for path in _installed["running"].glob(f"{_installed['stem']}.*"):
        path.unlink(missing_ok=True)
    _installed.clear()


def collect() -> None:
    """Turn the running files of processes that died of a fatal signal into reports; forget the others."""
    from studio.wire.connect_info import process_alive   # here: install() runs in every process's start-up

    running = reports_dir() / "running"
    for header in running.glob("*.json") if running.is_dir() else ():
        stem = header.stem
        pid = int(stem.rsplit("-", 1)[-1]) if stem.rsplit("-", 1)[-1].isdigit() else 0
        if pid == os.getpid() or process_alive(pid):
            continue
        fault = running / f"{stem}.fault"
        stacks = fault.read_text(encoding="utf-8", errors="replace") if fault.exists() else ""
        if stacks.strip():
            _write_report(stem, stacks, running=running)
        for path in running.glob(f"{stem}.*"):
            path.unlink(missing_ok=True)


def pending() -> list[Path]:
    """Reports not offered yet, newest first."""
    folder = reports_dir() / "new"
    return sorted(folder.glob("*.txt"), reverse=True) if folder.is_dir() else []


def mark_offered(report: Path) -> Path:
    """Offered once: moved from new/ into the reports folder, where it stays."""
    target = reports_dir() / report.name
    report.replace(target)
    return target


def notice_on_stderr() -> None:
    """A command's start: collect crashes, and say in one line where the newest report is."""
    try:
        collect()
        reports = pending()
        if reports:
            kept = [mark_offered(report) for report in reports]
            more = f" (and {len(kept) - 1} more)" if len(kept) > 1 else ""
            print(f"studio: a crash report was kept: {kept[0]}{more}; nothing was sent anywhere", file=sys.stderr)
    except OSError:
        pass


def _write_report(stem: str, what_happened: str, running: Path | None = None) -> None:
    import platform
    running = running or _installed.get("running") or reports_dir() / "running"
    try:
        header = json.loads((running / f"{stem.split('-thread-')[0]}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        header = {}
    log_tail = []
    for name in (f"{stem.split('-thread-')[0]}.log.1", f"{stem.split('-thread-')[0]}.log"):
        path = running / name
        if path.exists():
            log_tail += path.read_text(encoding="utf-8", errors="replace").splitlines()
    text = "\n".join([
        f"Live Shopping Studio crash report: {header.get('process', '?')} (pid {header.get('pid', '?')})",
        "Kept on this computer only; nothing was sent anywhere.", "",
        *(f"{key}: {value}" for key, value in header.items() if key != "settings"),
        f"platform: {platform.platform()}", f"libraries: {_library_versions()}", "",
        "What happened:", what_happened.rstrip(), "",
        f"Last log lines ({min(len(log_tail), LOG_TAIL_LINES)}):", *log_tail[-LOG_TAIL_LINES:], "",
        "Settings:", *(f"  {key} = {value}" for key, value in (header.get("settings") or {}).items()), "",
    ])
    folder = reports_dir() / "new"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.txt").write_text(scrub(text), encoding="utf-8")
    except OSError:
        pass


def scrub(text: str) -> str:
    """Stream URLs cut to their scheme and host; the control password and every stored key replaced wherever
    they appear. (Blunter than studio.core.secrets.redact_url, and it loads no engine code into the gateway.)"""
    text = _URL.sub(lambda match: _host_only(match.group(0)), text)
    for secret in sorted(_known_secrets(), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _host_only(url: str) -> str:
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].split("?", 1)[0]
    return f"{scheme}://{host}/{REDACTED}"


def _known_secrets() -> set[str]:
    found: set[str] = set()
    try:
        from studio.wire.connect_info import PASSWORD_FILE, config_dir
        found.add((config_dir() / PASSWORD_FILE).read_text(encoding="utf-8").strip())
    except (OSError, ImportError, AttributeError):
        pass
    try:
        from studio.core.keystore import default_key_file
        key_file = Path(os.environ.get("STUDIO_KEY_FILE") or default_key_file())
        _strings(json.loads(key_file.read_text(encoding="utf-8")), found)
    except (OSError, ValueError, ImportError):
        pass
    return {secret for secret in found if len(secret) >= 6}


def _strings(value, into: set[str]) -> None:
    if isinstance(value, str):
        into.add(value)
        if value[:1] in ("{", "["):   # the key file keeps each entry as JSON text ({"key": ..., "shows": ...})
            try:
                _strings(json.loads(value), into)
            except ValueError:
                pass
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


def _describe(process: str, settings: bool) -> dict:
    from studio import __version__

    description = {
        "process": process, "pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "studio": __version__, "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0], "command": " ".join(sys.argv),
    }
    if not settings:
        return description
    try:
        from studio.core.settings import SettingsStore
        store = SettingsStore()
        store.load()
        description["settings"] = store.values()       # the declared settings only: none of them is a secret
    except Exception as error:  # noqa: BLE001 - a report without settings beats no report
        description["settings"] = {"(unreadable)": type(error).__name__}
    return description


def _library_versions() -> str:
    """The libraries this process had loaded (a frozen build keeps no package metadata to ask)."""
    versions = []
    for name in ("PySide6", "av", "numpy", "websockets", "sqlite3"):
        module = sys.modules.get(name)
        version = getattr(module, "__version__", None) or getattr(module, "sqlite_version", None)
        if version:
            versions.append(f"{name} {version}")
    return ", ".join(versions) or "(none loaded)"
