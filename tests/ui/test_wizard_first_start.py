"""The first start on a real X server (Xvfb): `studio` with no settings file opens the console and, in
front of it, the setup wizard on its devices page, showing the test card live (this machine has no
camera) and metering the test tone. The screenshot is docs/install.md's (`make screenshots` redraws it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.settings import settings_path
from tests.ui.test_isolation import connect_test_client, frames_mapped, wait_attached, wait_for
from tests.ui.test_real_window import REPO_ROOT, start_xvfb, screenshot

SCREEN = (1366, 768)


def preview_children(window_pid: int) -> dict[str, tuple[int, list[str]]]:
    """The wizard's preview processes under the window: by kind ("video", "audio"), their pid and arguments."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or int((entry / "stat").read_text().split(")")[1].split()[1]) != window_pid:
                continue
            arguments = (entry / "cmdline").read_bytes().decode().split("\0")
        except (OSError, ValueError, IndexError):
            continue
        if "studio.first_run.device_preview" in arguments:
            kind = "video" if "--video" in arguments else "audio"
            found[kind] = (int(entry.name), arguments)
    return found


@pytest.mark.slow
def test_the_first_start_opens_the_wizard_showing_the_test_card_live(studio_env, tmp_path, monkeypatch,
                                                                      engine_started_by_the_window):
    assert not settings_path().exists(), "a first start: no settings file yet"
    display, xvfb = start_xvfb(SCREEN)
    env = {key: value for key, value in os.environ.items()
           if key not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "STUDIO_NO_FIRST_RUN_WIZARD")}
    log = open(tmp_path / "window.log", "wb")
    window = subprocess.Popen([sys.executable, "-m", "studio"], env={**env, "DISPLAY": display},
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        previews = wait_for(lambda: (found := preview_children(window.pid)) and len(found) == 2 and found,
                            "the wizard's two previews", timeout_s=90)
        video = previews["video"][1]
        assert video[video.index("--video") + 1] == "test", video           # no camera here: the test card
        frames = video[video.index("--frames") + 1]
        wait_for(lambda: frames_mapped(window.pid, [frames]), "the window reading the preview's pictures")
        with connect_test_client() as client:
            wait_attached(window, client)              # the console behind it on the demo show, as a user sees it
        shots = REPO_ROOT / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
        image = screenshot(display, shots / "wizard-devices.png", SCREEN)
        assert float(image.std()) > 20 and window.poll() is None, (tmp_path / "window.log").read_text()
    finally:
        window.terminate()            # as the close button: the window stops the engine it started
        window.wait(timeout=60)
        log.close()
        xvfb.terminate()
        xvfb.wait(timeout=10)
    assert window.returncode == 0, (tmp_path / "window.log").read_text()
    pids = [pid for pid, _ in previews.values()]
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), "the previews to end with the window",
             timeout_s=15)
