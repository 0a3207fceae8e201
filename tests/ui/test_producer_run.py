"""Issue 23's "Done when": a producer runs a whole show in the real window on a real X server, at 1366x768 and
1920x1080 (tests/ui/producer_run.py does it inside `studio`, with the mouse and the keyboard): a new show, a
catalog imported through the file dialog, the rundown built, an nginx-rtmp destination added with its key,
Go Live, Take, Fade (the picture dissolves), a countdown, a price edit, Record and Stop, the window closed.
Afterwards the engine the window started is gone, and ffprobe reads what the destination received and the
local recording. Screenshots go to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1 (`make screenshots`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.settings import SettingsStore
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.probe import decoded_video_seconds, probe
from tests.ui.conftest import _alive
from tests.ui.test_real_window import REPO_ROOT, xvfb  # noqa: F401 - the X server fixture

KEY = "producer-run-key-7741"
CATALOG = ("sku,title,price,stock\nPR-LAMP,Desk Lamp,39.00,12\nPR-MUG,Travel Mug,19.50,40\n"
           "PR-SPK,Bluetooth Speaker,59.00,3\n")
RUN_TIMEOUT_S = 400      # the whole run, both sizes' engines start from scratch


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT_S + 120)
@pytest.mark.parametrize("xvfb", [(1366, 768), (1920, 1080)], indirect=True, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_producer_runs_a_show_in_the_window(xvfb, request, studio_env, tmp_path, monkeypatch, rtmp_server,
                                              engine_started_by_the_window):
    width, height = request.node.callspec.params["xvfb"]
    settings = SettingsStore()
    settings.load()
    settings.set("recording.folder", str(tmp_path / "recordings"))
    settings.set("canvas.size", "854x480")          # the smallest canvas: the run is about the window
    settings.set("store.port", 0)                   # beside other tests' engines
    settings.save()
    catalog = tmp_path / "new-products.csv"
    catalog.write_text(CATALOG)
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    shots = REPO_ROOT / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
    report_path, log = tmp_path / "run.json", tmp_path / "window.log"
    with open(log, "wb") as output:
        run = subprocess.run([sys.executable, "-m", "tests.ui.producer_run", f"{width}x{height}", str(shots),
                              str(catalog), f"rtmp://127.0.0.1:{rtmp_server.port}/live", KEY, str(report_path)],
                             cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT_S,
                             env={**os.environ})
    assert report_path.exists(), log.read_text()[-6000:]
    report = json.loads(report_path.read_text())
    assert report["ok"] and run.returncode == 0, report.get("error") or log.read_text()[-6000:]
    assert report["steps"][-1] == "close the window"
    print(f"fade: {report['fade']}; edits typed again: {report.get('edits_retyped', 0)}")

    # the engine the window started is gone with it
    assert not _alive(report["engine_pid"]), "the window's engine outlived it"
    # what the destination received, and the local recording: real H.264 + AAC files
    for path in (rtmp_server.recording(KEY), Path(report["recording"])):
        wait_for_file_to_settle(path, timeout_s=20)
        media = probe(path)
        assert media.video["codec_name"] == "h264" and (media.video["width"], media.video["height"]) == (854, 480)
        assert media.audio is not None and media.audio["codec_name"] == "aac"
        assert decoded_video_seconds(path) >= 4.0, path
    assert KEY not in log.read_text()
