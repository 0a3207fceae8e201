"""The real window on a real X server (Xvfb), 1366x768 and 1920x1080: `studio` opens on the demo show, runs it,
records, a product is taken.

Screenshots go to the test's directory, or to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1
(`make screenshots`), where README and docs/console.md link them.
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


def start_xvfb(size: tuple[int, int]):
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required: run `make test`, which installs it")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size[0]}x{size[1]}x24",
                                "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = f":{numbers.readline().strip()}"       # Xvfb writes it once it accepts connections
    return display, process


@pytest.fixture
def xvfb(request):
    """An X server of SCREEN's size, or of the size a test asks for (`@pytest.mark.parametrize("xvfb", ...,
    indirect=True)`)."""
    display, process = start_xvfb(getattr(request, "param", SCREEN))
    yield display
    process.terminate()
    process.wait(timeout=10)


def screenshot(display: str, path: Path, size: tuple[int, int] = SCREEN) -> np.ndarray:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size", f"{size[0]}x{size[1]}",
                    "-draw_mouse", "0", "-i", display, "-frames:v", "1", str(path)], check=True, timeout=30)
    import cv2
    return cv2.imread(str(path))


# (screen, the screenshots' names: while a product is in preview, after the take)
SCREENS = {(1366, 768): ("console-preview.png", "console.png"), (1920, 1080): (None, "console-1920.png")}


@pytest.mark.slow
@pytest.mark.parametrize("xvfb", list(SCREENS), indirect=True, ids=lambda size: f"{size[0]}x{size[1]}")
def test_studio_opens_the_window_runs_the_demo_show_and_takes_a_product(
        xvfb, request, studio_env, tmp_path, monkeypatch, engine_started_by_the_window):
    size = request.node.callspec.params["xvfb"]
    preview_shot, take_shot = SCREENS[size]
    from studio.core.settings import SettingsStore
    settings = SettingsStore()
    settings.load()
    settings.set("recording.folder", str(tmp_path / "recordings"))     # Record writes here, not in ~/Videos
    settings.save()
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
        client.request("StartRecord")                       # air time starts: the producer's clock runs
        wait_for(lambda: snapshot(client)["on_air"], "air time")
        client.vendor("PreviewProduct", {"sku": "HP-NC-BLK"})
        wait_for(lambda: (snapshot(client)["preview"] or {}).get("sku") == "HP-NC-BLK", "the preview")
        wait_for(lambda: snapshot(client)["show_time_s"] >= SHOW_S / 2, "half the demo")
        if preview_shot:
            screenshot(xvfb, shots / preview_shot, size)
        client.request("TriggerStudioModeTransition")
        wait_for(lambda: (snapshot(client)["program"] or {}).get("sku") == "HP-NC-BLK", "the take")
        wait_for(lambda: snapshot(client)["show_time_s"] >= SHOW_S, "20 s of the demo show")
        image = screenshot(xvfb, shots / take_shot, size)
        assert window.poll() is None, (tmp_path / "window.log").read_text()
        assert image.shape[:2] == (size[1], size[0])
        # the window covers the screen (its first start: the whole screen, the monitors grow with it)
        assert float(image[size[1] // 2:, size[0] - 200:].std()) > 5
        assert float(image.std()) > 20                           # a drawn window, not an empty screen
    finally:
        try:
            client.request("StopRecord")
        except Exception:  # noqa: BLE001 - the test's own failure is the one to report
            pass
        client.close()
        window.terminate()
        window.wait(timeout=20)
