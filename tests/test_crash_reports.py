"""Crash reports kept locally (studio/crash_reports.py): a crash in any studio process leaves a report,
the next start offers it, and no secret is in it.

Each test has its own home (the reports live under its data directory) holding a control password,
a stream key in the key file, the same key in settings.json and in a process's command line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studio import crash_reports
from studio.core.keystore import FileSecrets, KeyStore
from studio.core.settings import CURRENT_VERSION
from tests.fixtures.engine import EngineProcess, process_env, user_env, wait_until

STREAM_KEY = "live_123456789_CrashTestStreamKeyAbcdef"
PASSWORD = "crash-test-control-password-9f3b"
SECRETS = (STREAM_KEY, PASSWORD)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """This test's user state and home (the reports folder is under it), with secrets stored."""
    for name, value in {**user_env(tmp_path), "HOME": str(tmp_path / "home")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("STUDIO_CRASH_REPORTS_DIR")          # the default: the user's data directory (HOME)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    (tmp_path / "home").mkdir()
    (config / "control-password").write_text(PASSWORD)
    (config / "control-password").chmod(0o600)
    KeyStore(FileSecrets(config / "stream-keys.json")).set("yt", STREAM_KEY)   # the key file in its real format
    (config / "settings.json").write_text(
        f'{{"version": {CURRENT_VERSION}, "values": {{"canvas.size": "1920x1080", "stream_key": "{STREAM_KEY}"}}}}')
    return tmp_path


def child(code: str, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})


def next_start_notice() -> Path:
    """What the next `studio` command says on stderr: one line naming the report."""
    result = subprocess.run([sys.executable, "-m", "studio", "devices"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode == 0, result.stderr
    notice = [line for line in result.stderr.splitlines() if "crash report" in line]
    assert len(notice) == 1 and "nothing was sent" in notice[0], result.stderr
    return Path(notice[0].split("kept: ")[1].split(";")[0].split(" (and")[0])


def assert_no_secret(report: Path) -> str:
    text = report.read_text()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in {report}"
    return text


def test_a_fatal_signal_in_a_process_leaves_a_report_that_the_next_start_shows(home):
    crashed = child("from studio import crash_reports; import faulthandler, logging; crash_reports.install('engine');"
                    "logging.getLogger('studio.test').warning('about to crash'); faulthandler._sigsegv()",
                    f"rtmp://live.example.com/app/{STREAM_KEY}")
    assert crashed.returncode == -signal.SIGSEGV
    report = next_start_notice()
    text = assert_no_secret(report)
    assert "crash report: engine" in text and "Segmentation fault" in text and "about to crash" in text
    assert "canvas.size = 1920x1080" in text and "libraries:" in text and "platform:" in text
    assert report.parent == crash_reports.reports_dir() and not crash_reports.pending()   # offered once


def test_an_uncaught_exception_leaves_its_report_at_once(home):
    crashed = child("from studio import crash_reports; crash_reports.install('window');"
                    f"raise RuntimeError('the stream key is {STREAM_KEY} and the password {PASSWORD}')")
    assert crashed.returncode == 1 and "RuntimeError" in crashed.stderr
    [report] = crash_reports.pending()
    text = assert_no_secret(report)
    assert "crash report: window" in text and "RuntimeError: the stream key is [redacted]" in text


def test_a_process_that_ends_normally_leaves_nothing(home):
    assert child("from studio import crash_reports; crash_reports.install('engine')").returncode == 0
    assert not list((crash_reports.reports_dir() / "running").iterdir())
    crash_reports.collect()
    assert not crash_reports.pending()


@pytest.mark.slow
def test_a_crash_in_the_engine_the_gateway_an_output_worker_a_graphics_process_or_the_window_leaves_its_report(home, tmp_path):
    env = {**process_env(tmp_path), "HOME": str(tmp_path / "home")}
    env.pop("STUDIO_CRASH_REPORTS_DIR")
    engine = EngineProcess(tmp_path, "--size", "640x360", "--record", str(tmp_path / "show.mkv"), show="friday",
                           env=env)
    try:
        with engine.client() as client:
            client.request("StartRecord")                 # its output worker starts
        server = wait_until(lambda: _children(engine.process.pid, "forkserver"), 60, "the output workers' server")[0]
        worker = wait_until(lambda: [pid for pid in _children(server, "") if _writes(pid, "show.mkv")], 60,
                            "the recording's worker")[0]
        renderer = wait_until(lambda: [pid for pid in _children(server, "") if pid != worker], 60,
                              "a graphics process")[0]
        gateway = _children(engine.process.pid, "studio.gateway")[0]
        window = subprocess.Popen([sys.executable, "-m", "studio"], env={**env, "QT_QPA_PLATFORM": "offscreen"},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _maps_frames(window.pid), 60, "the window attached")
        for pid in (gateway, worker, renderer, window.pid):
            os.kill(pid, signal.SIGSEGV)
        engine.wait_for_line("control gateway restarted", 60)
        window.wait(30)
        os.kill(engine.process.pid, signal.SIGSEGV)
        engine.process.wait(30)
        crash_reports.collect()
        texts = [assert_no_secret(report) for report in crash_reports.pending()]
        processes = sorted(text.splitlines()[0].split(": ", 1)[1].split(" (")[0] for text in texts)
        assert processes == ["engine", "gateway", "graphics renderer", "output worker", "window"], processes
        assert all("Segmentation fault" in text for text in texts)
    finally:
        engine.kill()


def _writes(pid: int, name: str) -> bool:
    """`pid` has a file called `name` open."""
    try:
        return any(os.readlink(fd).endswith(name) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def _children(parent: int, text: str) -> list[int]:
    """The processes whose parent is `parent` and whose command line holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except (OSError, ValueError, IndexError):
                continue
            if ppid == parent and text in command:
                found.append(int(entry.name))
    return found


def _maps_frames(pid: int) -> bool:
    try:
        return "/dev/shm/" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def test_a_crash_in_the_wizards_device_preview_leaves_its_report(home):
    from studio.child_processes import module_command

    preview = subprocess.Popen(module_command("studio.first_run.device_preview", "--audio", "tone"),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert '"state": "live"' in preview.stdout.readline()          # its crash reporting is on by now
    preview.send_signal(signal.SIGSEGV)
    assert preview.wait(30) == -signal.SIGSEGV
    preview.stdin.close()
    preview.stdout.close()
    text = assert_no_secret(next_start_notice())
    assert "crash report: device preview" in text and "Segmentation fault" in text
