"""`studio` with no command: a display is needed; the engine it starts takes the user's settings."""

from __future__ import annotations

import os
import subprocess
import sys

from studio.core.settings import SettingsStore
from studio.ui import launch


def test_a_display_is_x11_wayland_or_offscreen():
    assert launch.has_display({"DISPLAY": ":0"})
    assert launch.has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert launch.has_display({"QT_QPA_PLATFORM": "offscreen"})
    assert not launch.has_display({})
    assert not launch.has_display({"DISPLAY": "", "QT_QPA_PLATFORM": "xcb"})


def test_studio_without_a_display_says_so_in_one_line(studio_env):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "studio"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr and "make run" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_database_gets_the_demo_show_and_a_second_start_keeps_it(studio_env):
    db = str(studio_env / "studio.db")
    assert launch.choose_show(db) == "demo"
    assert launch.choose_show(db) == "demo"          # not imported twice
    shows = subprocess.run([sys.executable, "-m", "studio", "show", "list", "--json", "--db", db],
                           capture_output=True, text=True, check=True).stdout
    assert shows.count('"name"') == 1


def test_the_engine_command_carries_the_users_settings(studio_env):
    settings = SettingsStore()
    settings.set("canvas.size", "1920x1080")
    settings.set("encoder.video_bitrate_kbps", 6000)
    settings.set("recording.folder", str(studio_env / "videos"))
    settings.set("recording.format", "mp4")
    settings.set("encoder.preset", "faster")
    command = launch.engine_command("demo", str(studio_env / "studio.db"), settings)
    assert command[:4] == [sys.executable, "-m", "studio", "engine"]
    pairs = dict(zip(command, command[1:]))
    assert pairs["--size"] == "1920x1080" and pairs["--video-bitrate"] == "6000" and pairs["--control-port"] == "0"
    assert pairs["--x264-preset"] == "faster"
    assert pairs["--record"].startswith(str(studio_env / "videos" / "demo-")) and pairs["--record"].endswith(".mp4")
    assert (studio_env / "videos").is_dir()
    assert "--all-destinations" not in command        # none stored: nothing to send to
    assert "--monitor" not in command                 # the headphones monitor is off unless set
    settings.set("sources.monitor", "headphones")
    monitored = launch.engine_command("demo", str(studio_env / "studio.db"), settings)
    assert monitored[monitored.index("--monitor") + 1] == "headphones"


def test_an_engine_that_exits_at_start_is_reported_with_its_reason_and_its_log(studio_env, tmp_path):
    """It used to be only "the engine exited with code 2; see its log", and the producer did not know which log."""
    log = tmp_path / "engine.log"
    log.write_text("control on ws://127.0.0.1:1 (older run)\n")
    with open(log, "a") as output:
        started = subprocess.Popen([sys.executable, "-c", "import sys; print('studio: error: show \"x\" is broken: "
                                    "open another show'); sys.exit(2)"], stdout=output, stderr=subprocess.STDOUT)
    started.wait(timeout=30)
    connect = launch.client_factory(started, timeout_s=5, log_path=log)
    try:
        connect(lambda *_: None)
    except Exception as error:  # noqa: BLE001 - the message is what is checked
        message = str(error)
    assert "code 2" in message and 'show "x" is broken: open another show' in message and str(log) in message
    assert "studio: error:" not in message


def test_a_window_whose_engine_exited_stops_connecting_and_says_so(qtbot, studio_env, tmp_path):
    """It used to try again every half second, "connecting…" for ever, after the engine it started had exited."""
    from studio.ui.app import keep_connected
    from studio.ui.engine_link import EngineLink
    from studio.ui.show_state import ShowState
    log = tmp_path / "engine.log"
    with open(log, "w") as output:
        started = subprocess.Popen([sys.executable, "-c", "print('studio: error: no show to play'); exit(2)"],
                                   stdout=output, stderr=subprocess.STDOUT)
    started.wait(timeout=30)
    attempts, errors, gone = [], [], []
    factory = launch.client_factory(started, timeout_s=5, log_path=log)
    link = EngineLink(lambda on_event: attempts.append(1) or factory(on_event))
    state = ShowState(link)
    state.error.connect(errors.append)
    try:
        keep_connected(link, state, started, gone.append)
        qtbot.waitUntil(lambda: gone == [2], timeout=10_000)
        qtbot.wait(1500)                                    # three retries' worth: none
        assert len(attempts) == 1 and "no show to play" in errors[-1]
    finally:
        state.stop()
        link.close()
