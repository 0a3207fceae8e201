"""The countdown read off frames decoded from a real headless broadcast.

The demo starts a 30 s flash deal 20 s into the show. For frames sampled from
the recording, the countdown's region must look like the countdown drawn for
the remaining time at that frame, and clearly less like the one a second
earlier or later, so a countdown that drifted by a second would fail.
"""

from __future__ import annotations

import av
import numpy as np
import pytest

from studio.core.capture.test_card import TestCardSource
from studio.core.composite import Layer, blend_layer
from studio.core.graphics.countdown import render_countdown
from studio.core.graphics.countdown_clock import countdown_face
from studio.core.graphics.formatting import show_locale
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import CountdownData
from studio.core.graphics.painting import bgra_view
from tests.broadcast.run_studio import run_studio

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

W, H, FPS = 640, 360, 30
DEAL_STARTS_AT_S, DEAL_LENGTH_S = 20.0, 30.0
SAMPLE_TIMES_S = [20.5, 21.5, 23.25, 24.9, 26.0, 27.4, 28.8, 30.1, 31.5]


def expected_roi(show_time_s: float, theme, locale) -> np.ndarray:
    placement = layout_for(W, H, theme)["countdown"]
    frame = TestCardSource(W, H, FPS).frame_at(show_time_s).copy()
    face = countdown_face(CountdownData(DEAL_STARTS_AT_S + DEAL_LENGTH_S), show_time_s)
    rendering = render_countdown(face, placement.width, placement.height, theme, locale)
    blend_layer(frame, Layer.from_premultiplied_bgra(bgra_view(rendering.image)), placement.x, placement.y)
    return frame[placement.y:placement.y + placement.height, placement.x:placement.x + placement.width]


def decoded_frames_at(path, times_s: list[float]) -> dict[float, np.ndarray]:
    wanted = {round(t * FPS): t for t in times_s}
    found = {}
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index in wanted:
                found[wanted[index]] = frame.to_ndarray(format="bgr24")
    return found


def test_countdown_on_broadcast_frames_shows_the_right_second(tmp_path, theme):
    recording = tmp_path / "demo.mkv"
    result = run_studio("broadcast", "--demo", "--size", f"{W}x{H}", "--duration", "32", "--video-bitrate", "6000",
                        "--as-fast-as-possible", "--quiet", "--record", str(recording))
    assert result.returncode == 0, result.stderr
    locale = show_locale("en_US")
    placement = layout_for(W, H, theme)["countdown"]
    frames = decoded_frames_at(recording, SAMPLE_TIMES_S)
    assert len(frames) == len(SAMPLE_TIMES_S)
    for show_time_s, frame in frames.items():
        on_air = frame[placement.y:placement.y + placement.height, placement.x:placement.x + placement.width].astype(np.int16)

        right_image = expected_roi(show_time_s, theme, locale).astype(np.int16)
        overall = float(np.abs(on_air - right_image).mean())
        assert overall < 6, f"at {show_time_s} s the countdown region differs by {overall:.1f} on average"
        for wrong_s in (show_time_s - 1, show_time_s + 1):
            if wrong_s <= DEAL_STARTS_AT_S:
                continue
            wrong_image = expected_roi(wrong_s, theme, locale).astype(np.int16)
            # Judge only the pixels where the two readings differ: the digits.
            digits = np.abs(right_image - wrong_image).max(axis=2) > 40
            assert digits.sum() > 50
            right = np.abs(on_air - right_image)[digits].mean()
            wrong = np.abs(on_air - wrong_image)[digits].mean()
            assert wrong > 2 * right, f"at {show_time_s} s it reads like {wrong_s} s ({right:.1f} vs {wrong:.1f})"
