"""The built app (`make dist`), unpacked from its tarball, does what the studio does from source.

It broadcasts the demo to nginx-rtmp and a recording, runs `engine` and takes a product through
`control`, opens the console (which starts its own engine: the frozen console once ran
`<exe> -m studio engine`, "invalid choice: 'studio'") and the host view against it, lists devices,
and leaves no process behind (tests/dist/conftest.py checks after the module).
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from tests.dist.conftest import frozen_env, processes_of
from tests.fixtures.engine import EngineProcess, wait_until
from tests.probe import probe

pytestmark = [pytest.mark.dist, pytest.mark.slow]

WAIT_S = 90.0


def run(app: Path, root: Path, *args: str, timeout_s: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(app), *args], capture_output=True, text=True, timeout=timeout_s, env=frozen_env(root),
                          cwd=root, stdin=subprocess.DEVNULL)


def test_it_broadcasts_the_demo_to_nginx_rtmp_and_a_recording(frozen_app, rtmp_server, tmp_path):
    recording = tmp_path / "demo.mkv"
    result = run(frozen_app, tmp_path, "broadcast", "--demo", "--duration", "4", "--size", "640x360",
                 "--to", rtmp_server.url("frozen"), "--record", str(recording))
    assert result.returncode == 0, result.stderr
    for received in (recording, rtmp_server.recording("frozen")):
        media = probe(received)
        assert media.video["codec_name"] == "h264" and media.audio["codec_name"] == "aac", received
        assert 3.0 <= media.duration_s <= 5.5, (received, media.duration_s)


def test_engine_takes_a_product_through_control(frozen_app, tmp_path):
    engine = EngineProcess(tmp_path, "--size", "640x360", show="friday", studio=(str(frozen_app),),
                           env=frozen_env(tmp_path))
    try:
        taken = engine.control("take", "HP-NC-BLK")
        assert taken.returncode == 0, taken.stderr
        with engine.client() as client:
            wait_until(lambda: (client.vendor("GetShowState")["program"] or {}).get("sku") == "HP-NC-BLK",
                       WAIT_S, "the product on air")
        assert any("--run-child-module studio.gateway" in _cmdline(pid) for pid in processes_of(frozen_app))
    finally:
        assert engine.stop() == 0, engine.log()


def test_the_console_starts_its_engine_and_the_host_view_follows_it(frozen_app, tmp_path, monkeypatch):
    env = frozen_env(tmp_path)
    for name in ("STUDIO_DB", "STUDIO_CONFIG_DIR", "STUDIO_RUNTIME_DIR", "STUDIO_KEY_FILE", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.setenv(name, env[name])        # this process finds the console's engine as a client would
    from tests.ui.test_isolation import connect_test_client, snapshot, wait_attached

    log = open(tmp_path / "window.log", "wb")
    window = subprocess.Popen([str(frozen_app)], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    host = None
    engine_pid = None
    try:
        client = connect_test_client()
        engine_pid = json.loads((tmp_path / "runtime" / "engine.json").read_text())["pid"]
        with client:
            wait_attached(window, client)
            assert snapshot(client)["show"]["name"] == "demo"             # the demo show, made by frozen children
            host = subprocess.Popen([str(frozen_app), "host", "--windowed"], env=env, cwd=tmp_path,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            assert "following the engine at ws://" in _line_with(host, "following the engine")
            client.vendor("TakeProduct", {"sku": "HP-NC-BLK"})
            wait_until(lambda: (snapshot(client)["program"] or {}).get("sku") == "HP-NC-BLK", WAIT_S, "the take")
            assert window.poll() is None, (tmp_path / "window.log").read_text()
    finally:
        for process in (host, window):     # SIGTERM closes them as their close buttons do
            if process is not None:
                process.terminate()
                process.wait(timeout=60)
        log.close()
    assert host.returncode == 0 and window.returncode == 0, (tmp_path / "window.log").read_text()
    # the window stops the engine it started (and the engine its gateway and workers)
    wait_until(lambda: engine_pid not in processes_of(frozen_app), WAIT_S, "the console's engine to stop")


def test_it_lists_devices(frozen_app, tmp_path):
    result = run(frozen_app, tmp_path, "devices")
    assert result.returncode == 0, result.stderr
    assert "cameras" in result.stdout and "microphones" in result.stdout


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _line_with(process: subprocess.Popen, text: str, timeout_s: float = WAIT_S) -> str:
    return _line_with_in(process.stderr, text, timeout_s)


def _line_with_in(stream, text: str, timeout_s: float = WAIT_S) -> str:
    """The first line of `stream` holding `text`, read on a thread (a silent process cannot hang the test);
    otherwise every line read, to say what it printed instead."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in stream:
            lines.append(line)
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    found.wait(timeout_s)
    return lines[-1] if found.is_set() else f"(no line with {text!r} in {timeout_s:g} s: {''.join(lines)!r})"


def test_a_crash_of_the_built_app_leaves_a_report_that_its_next_start_offers(frozen_app, tmp_path):
    env = frozen_env(tmp_path)
    show = subprocess.Popen([str(frozen_app), "broadcast", "--duration", "60", "--size", "640x360", "--record",
                             str(tmp_path / "crashed.mkv")], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    _line_with_in(show.stdout, "live")
    show.send_signal(signal.SIGSEGV)
    assert show.wait(60) == -signal.SIGSEGV
    result = run(frozen_app, tmp_path, "devices")
    assert result.returncode == 0 and "a crash report was kept" in result.stderr, result.stderr
    report = Path(result.stderr.split("kept: ")[1].split(";")[0])
    assert "crash report: broadcast" in report.read_text() and "Segmentation fault" in report.read_text()


def test_the_setup_wizards_device_previews_run_from_the_built_app(frozen_app, tmp_path):
    """The wizard's first page starts them as `<exe> --run-child-module studio.first_run.device_preview`."""
    from studio.core.frames import FrameReader, unique_frame_name

    frames = unique_frame_name("frozen-wizard")
    previews = [subprocess.Popen([str(frozen_app), "--run-child-module", "studio.first_run.device_preview", *args],
                                 env=frozen_env(tmp_path), cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
                for args in (("--video", "test", "--frames", frames), ("--audio", "tone"))]
    try:
        assert [_line_with_in(preview.stdout, '"state"') for preview in previews] == [
            '{"state": "live", "reason": "test card"}\n', '{"state": "live", "reason": "1 kHz tone"}\n']
        assert '"levels"' in _line_with_in(previews[1].stdout, '"levels"')
        reader = wait_until(lambda: _reader(FrameReader, frames), WAIT_S, "the preview's pictures")
        assert wait_until(lambda: reader.read_newest(0), WAIT_S, "a picture") is not None
        reader.close()
    finally:
        for preview in previews:
            preview.stdin.close()              # the wizard leaving the page: each ends by itself
    assert [preview.wait(30) for preview in previews] == [0, 0], [preview.stderr.read() for preview in previews]


def _reader(reader_type, name: str):
    try:
        return reader_type(name)
    except (FileNotFoundError, ValueError):
        return None
