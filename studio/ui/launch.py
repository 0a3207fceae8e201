"""Starting the window's engine: attach to the one running here, or start `studio engine` apart.

The engine is its own process, in its own session, so a window that freezes, crashes
or is killed leaves the show on air; the next `studio` finds it again through the
runtime file (find_local_engine) and shows its real state. A database with no show
yet gets the demo show (the demo catalog and rundown from assets/), through the
same `studio` commands a user would type.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from studio.child_processes import studio_command
from studio.core.settings import SettingsStore
from studio.wire.client import ControlClient, ControlError, EventCallback, find_local_engine
from studio.wire.protocol import Subscription
from studio.errors import StudioError

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DEMO_CATALOG = ASSETS / "demo_catalog.json"
DEMO_RUNDOWN = ASSETS / "demo_rundown.json"
DEMO_SHOW = "demo"
ENGINE_START_TIMEOUT_S = 60.0
ENGINE_STOP_GRACE_S = 10.0       # a recording being finalised takes a few seconds


def has_display(environ: dict | None = None) -> bool:
    """A window can open: X11 or Wayland, or Qt told to draw offscreen (tests, screenshots)."""
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) or env.get("QT_QPA_PLATFORM") == "offscreen"


def _run(arguments: list[str]) -> str:
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise StudioError((result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1])
    return result.stdout


def choose_show(db_path: str | None) -> str:
    """The show to open: the newest in the database, or the demo show created from assets/."""
    db = ["--db", db_path] if db_path else []
    shows = json.loads(_run(studio_command("show", "list", "--json", *db)))
    if shows:
        return max(shows, key=lambda show: show.get("created_at", ""))["name"]
    _run(studio_command("catalog", "import", str(DEMO_CATALOG), *db))
    _run(studio_command("rundown", "import", str(DEMO_RUNDOWN), *db))
    return DEMO_SHOW


# settings (studio/core/settings.py) the engine takes on its command line
ENGINE_FLAGS = {"canvas.size": "--size", "canvas.fps": "--fps", "encoder.video_bitrate_kbps": "--video-bitrate",
                "encoder.audio_bitrate_kbps": "--audio-bitrate", "encoder.keyframe_interval_s": "--keyframe-interval",
                "encoder.preset": "--x264-preset"}


def engine_command(show: str, db_path: str | None, settings: SettingsStore, *extra: str) -> list[str]:
    """`studio engine` on a free control port (the runtime file tells the window which), stored destinations,
    the user's canvas and encoder settings, recording into the recording folder when Record is pressed."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(settings.get("recording.folder"))
    folder.mkdir(parents=True, exist_ok=True)
    recording = folder / f"{show}-{stamp}.{settings.get('recording.format')}"
    arguments = ["engine", "--show", show, "--record", str(recording), "--control-port", "0", "--quiet"]
    if has_stored_destinations(db_path):
        arguments.append("--all-destinations")
    for key, flag in ENGINE_FLAGS.items():
        arguments += [flag, str(settings.get(key))]
    for key, flag, kind in (("sources.camera", "--source", "camera"), ("sources.microphone", "--audio", "mic")):
        if settings.get(key):
            arguments += [flag, f"{kind}:{settings.get(key)}"]
    if settings.get("sources.monitor"):
        arguments += ["--monitor", settings.get("sources.monitor")]
    if db_path:
        arguments += ["--db", db_path]
    return studio_command(*arguments, *extra)


def has_stored_destinations(db_path: str | None) -> bool:
    db = ["--db", db_path] if db_path else []
    return bool(json.loads(_run(studio_command("destination", "list", "--json", *db)) or "[]"))


def start_engine(command: list[str], log_path: Path) -> subprocess.Popen:
    """Detached: its own session, so the window's death (or Ctrl+C in its terminal) does not reach it."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop_engine(process: subprocess.Popen, grace_s: float = ENGINE_STOP_GRACE_S) -> int | None:
    """The engine this window started, gone: it had `grace_s` to end after Shutdown, then SIGTERM (a clean
    stop, as Ctrl+C), then SIGKILL. Returns its exit code (None if it could not be stopped)."""
    for signal_it in (None, process.terminate, process.kill):
        if signal_it is not None:
            signal_it()
        try:
            return process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            continue
    return None


def engine_exit_text(code: int, log_path: Path | None) -> str:
    """What an engine that exited said last (its error line), and the log to read for the rest."""
    if log_path is None:
        return f"the engine exited with code {code}"
    try:
        lines = [line.strip() for line in log_path.read_text(errors="replace").splitlines()[-40:] if line.strip()]
    except OSError:
        lines = []
    reason = next((line for line in reversed(lines) if line.startswith("studio: error:")), lines[-1] if lines else "")
    reason = reason.removeprefix("studio: error:").strip()
    return f"the engine exited with code {code}" + (f": {reason}" if reason else "") + f" (its log: {log_path})"


def running_engine() -> tuple[str, str] | None:
    try:
        return find_local_engine()
    except StudioError:
        return None


def client_factory(started: subprocess.Popen | None, timeout_s: float = ENGINE_START_TIMEOUT_S,
                   log_path: Path | None = None) -> Callable[[EventCallback], ControlClient]:
    """Connects to the local engine, waiting (on the link's worker thread) for one being started; the console
    hears every event and the audio meters' (high-volume, asked for by name as in obs-websocket). An engine
    started here that exits is reported with its last words from `log_path` and where that log is."""

    def connect(on_event: EventCallback) -> ControlClient:
        deadline = time.monotonic() + timeout_s
        while True:
            found = running_engine()
            if found is not None:
                client = ControlClient(*found, event_subscriptions=int(Subscription.ALL
                                                                       | Subscription.INPUT_VOLUME_METERS))
                client.on_event(on_event)
                try:
                    return client.connect()
                except ControlError:
                    if time.monotonic() > deadline:
                        raise
            elif started is not None and started.poll() is not None:
                raise ControlError(0, engine_exit_text(started.returncode, log_path))
            elif time.monotonic() > deadline:
                raise ControlError(0, "no engine answered; start one with `studio engine`")
            time.sleep(0.2)

    return connect
