"""`studio host` as a real full-screen window on a real X server (Xvfb), following a real engine.

Screenshots go to the test's directory, or to docs/images/ with STUDIO_UPDATE_SCREENSHOTS=1
(`make screenshots`), where README and docs/host-view.md link them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.engine import REPO
from tests.ui.test_real_window import SCREEN, screenshot, xvfb  # noqa: F401  (xvfb is a fixture)

WAIT_S = 60
AMBER_BGR, RED_BGR, WHITE_BGR = (0, 176, 255), (48, 59, 255), (255, 255, 255)


def pixels_near(image: np.ndarray, bgr: tuple[int, int, int], tolerance: int = 40) -> int:
    return int(np.all(np.abs(image.astype(int) - bgr) <= tolerance, axis=2).sum())


def wait_for_screen(display: str, path: Path, condition, what: str) -> np.ndarray:
    deadline = time.monotonic() + WAIT_S
    while True:
        image = screenshot(display, path)
        if condition(image):
            return image
        if time.monotonic() > deadline:
            raise AssertionError(f"the host view never showed {what} (last screenshot: {path})")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_studio_host_full_screen_follows_the_show(xvfb, tmp_path, rtmp_server, engine_factory):  # noqa: F811
    shots = REPO / "docs" / "images" if os.environ.get("STUDIO_UPDATE_SCREENSHOTS") else tmp_path
    engine = engine_factory("--to", rtmp_server.url("host"), show="points")
    client = engine.client()
    env = {key: value for key, value in engine.env.items() if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    host = subprocess.Popen([sys.executable, "-m", "studio", "host", "--screen", "0"], cwd=REPO,
                            env={**env, "DISPLAY": xvfb}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    following = threading.Event()
    log: list[str] = []
    threading.Thread(target=lambda: [log.append(line) or ("following the engine" in line and following.set())
                                     for line in host.stderr], daemon=True).start()
    try:
        assert following.wait(WAIT_S), "".join(log)
        client.request("StartStream")
        client.vendor("TakeProduct", {"sku": "HP-NC-BLK"})
        client.vendor("StartCountdown", {"duration_s": 300, "label": "Deal ends in"})
        # The whole picture, not its first part: the view paints each part as its data arrives (a clean-clone
        # run read the screen after the amber and red were up but before the bottom line's amber was).
        try:
            image = wait_for_screen(xvfb, shots / "host-view.png",
                                    lambda image: pixels_near(image, AMBER_BGR) > 500
                                    and pixels_near(image, RED_BGR) > 500
                                    and pixels_near(image[SCREEN[1] * 4 // 5:, :], AMBER_BGR) > 200,
                                    "the flash deal (amber), ON AIR (red) and the bottom line")
        except AssertionError as error:   # what the engine says, beside what the window shows (a clean-clone
            state = client.vendor("GetShowState")   # run's window lacked the countdown's line)
            raise AssertionError(f"{error}; the engine: countdown {state['countdown']}, program "
                                 f"{(state['program'] or {}).get('sku')}, on air {state.get('on_air')}, segment "
                                 f"{state['segment_index']}; the host view said: {''.join(log)[-2000:]}") from None
        assert image.shape[:2] == (SCREEN[1], SCREEN[0])
        # full screen: the time left sits at the right edge, the next-up line at the bottom
        right = image[: SCREEN[1] // 5, SCREEN[0] * 4 // 5:]
        assert pixels_near(right, RED_BGR) + pixels_near(right, AMBER_BGR) + pixels_near(right, WHITE_BGR) > 200
        bottom = image[SCREEN[1] * 4 // 5:, :]
        assert pixels_near(bottom, WHITE_BGR) > 200 and pixels_near(bottom, AMBER_BGR) > 200

        client.vendor("JumpToSegment", {"index": 0})     # 12 s: amber at 30 s left, red at 10 s
        client.vendor("TakeProduct", {"sku": "TV-55-4K"})
        client.vendor("SetStock", {"sku": "TV-55-4K", "stock": 0})
        height, width = SCREEN[1], SCREEN[0]

        def sold_out_and_red(image: np.ndarray) -> bool:
            time_left = image[: height // 8, width * 4 // 5:]
            stock = image[height // 6: height // 3, width * 3 // 4:]
            return pixels_near(time_left, RED_BGR) > 200 and pixels_near(stock, RED_BGR) > 200

        wait_for_screen(xvfb, shots / "host-view-sold-out.png", sold_out_and_red,
                        "SOLD OUT and the time left in red")
        assert host.poll() is None, "".join(log)
    finally:
        client.close()
        host.kill()
        host.wait(10)
