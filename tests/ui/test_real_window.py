"""The real window on a real X server (Xvfb): `studio` opens on the demo show, runs it, a product is taken.

Screenshots go to the test's directory, or to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1
(`make screenshots`), where README links them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.ui.test_isolation import connect_test_client, open_window, snapshot, wait_attached, wait_for

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREEN = (1366, 768)
SHOW_S = 20


@pytest.fixture
def xvfb():
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required: run `make test`, which installs it")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = f":{numbers.readline().strip()}"       # Xvfb writes it once it accepts connections
    yield display
    process.terminate()
    process.wait(timeout=10)


def screenshot(display: str, path: Path) -> np.ndarray:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size", f"{SCREEN[0]}x{SCREEN[1]}",
                    "-i", display, "-frames:v", "1", str(path)], check=True, timeout=30)
    import cv2
    return cv2.imread(str(path))


@pytest.mark.slow
def test_studio_opens_the_window_runs_the_demo_show_and_takes_a_product(
        xvfb, studio_env, tmp_path, monkeypatch, engine_started_by_the_window):
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    shots = REPO_ROOT / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
    window = subprocess.Popen([sys.executable, "-m", "studio"], stdout=subprocess.DEVNULL,
                              stderr=open(tmp_path / "window.log", "wb"), env={**os.environ})
    client = connect_test_client()
    try:
        wait_attached(window, client)
        state = snapshot(client)
        assert state["show"]["name"] == "demo" and len(state["segments"]) == 7
        client.vendor("PreviewProduct", {"sku": "HP-NC-BLK"})
        wait_for(lambda: (snapshot(client)["preview"] or {}).get("sku") == "HP-NC-BLK", "the preview")
        wait_for(lambda: snapshot(client)["show_time_s"] >= SHOW_S / 2, "half the demo")
        screenshot(xvfb, shots / "console-preview.png")
        client.request("TriggerStudioModeTransition")
        wait_for(lambda: (snapshot(client)["program"] or {}).get("sku") == "HP-NC-BLK", "the take")
        wait_for(lambda: snapshot(client)["show_time_s"] >= SHOW_S, "20 s of the demo show")
        image = screenshot(xvfb, shots / "console.png")
        assert window.poll() is None, (tmp_path / "window.log").read_text()
        assert image.shape[:2] == (SCREEN[1], SCREEN[0])
        assert float(image.std()) > 20                           # a drawn window, not an empty screen
    finally:
        client.close()
        window.terminate()
        window.wait(timeout=20)
