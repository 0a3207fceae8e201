"""A producer drives `studio engine` from other processes; the recording and the as-run log agree.

Real parts: the engine process, `studio control` processes, the recording file
decoded with PyAV, QR codes read with OpenCV, the as-run log in SQLite.
"""

from __future__ import annotations

import json
import subprocess

import av
import cv2
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
from studio.core.graphics.qt_runtime import ensure_gui_app
from studio.core.graphics.resources import load_bundled_fonts
from studio.core.graphics.theme import load_theme
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
PRODUCTS_URL = "https://demo-shop.example/products/"


def countdown_roi(frame: np.ndarray, placement) -> np.ndarray:
    return frame[placement.y:placement.y + placement.height, placement.x:placement.x + placement.width].astype(np.int16)


def expected_countdown(show_time_s: float, ends_at_s: float, theme, placement) -> np.ndarray:
    """The test card at that time with only the countdown on it, drawn apart from the engine."""
    locale = show_locale("en_US")
    frame = TestCardSource(W, H, FPS).frame_at(show_time_s).copy()
    face = countdown_face(CountdownData(ends_at_s), show_time_s)
    rendering = render_countdown(face, placement.width, placement.height, theme, locale)
    blend_layer(frame, Layer.from_premultiplied_bgra(bgra_view(rendering.image)), placement.x, placement.y)
    return countdown_roi(frame, placement)


def qr_text(frame: np.ndarray) -> str:
    """The card's QR code (bottom right quarter), enlarged so OpenCV reads it at this small size."""
    corner = frame[H // 2:, W // 2:]
    for scale in (4, 6):
        text = cv2.QRCodeDetector().detectAndDecode(cv2.resize(corner, None, fx=scale, fy=scale,
                                                               interpolation=cv2.INTER_NEAREST))[0]
        if text:
            return text
    return ""


def decoded(path, indexes: set[int]) -> dict[int, np.ndarray]:
    found = {}
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            index = round(frame.time * FPS)
            if index in indexes:
                found[index] = frame.to_ndarray(format="bgr24")
    return found


def control_ok(engine: EngineProcess, *args: str) -> dict:
    result = engine.control(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() != "ok" else {}


def test_take_next_and_countdown_air_at_the_frames_the_asrun_names_and_sigterm_ends_cleanly(tmp_path):
    ensure_gui_app()
    load_bundled_fonts()
    theme = load_theme("studio")
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", f"{W}x{H}", "--record", str(recording), "--live", show="friday")
    try:
        with engine.client() as client:
            wait_until(lambda: any(o["state"] == "live" for o in client.vendor("GetShowState")["stats"]["outputs"]),
                       what="the recording to be live")
            taken = control_ok(engine, "take", "HP-NC-BLK")["frame"]
            wait_until(lambda: client.vendor("GetShowState")["frame"] > taken + 15, what="frames after the take")
            control_ok(engine, "next")
            countdown_at = control_ok(engine, "countdown", "30")["ends_at_s"] - 30
            wait_until(lambda: client.vendor("GetShowState")["show_time_s"] > countdown_at + 2, what="the countdown")
            stats = client.vendor("GetShowState")["stats"]
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()
    assert stats["take_to_air_ms"] is not None

    db = open_database(tmp_path / "studio.db")
    _, events = load_events(db, get_show(db, "friday").id)
    by_event = {}
    for event in events:
        by_event.setdefault(event["event"], []).append(event)
    take = next(e for e in by_event["product_taken"] if e["details"].get("by") == "control")
    assert take["details"]["frame"] == taken
    next_start = by_event["segment_start"][-1]
    next_frame = round(next_start["show_time_s"] * FPS)
    countdown = by_event["countdown_start"][-1]
    countdown_frame = countdown["details"]["frame"]
    assert by_event["stop"], "as-run log closed with a stop entry"

    frames = decoded(recording, {taken - 2, taken - 1, taken + 1, taken + 2, next_frame - 2, next_frame + 1,
                                 countdown_frame + 15, countdown_frame + 45})
    missing = {taken - 2, taken + 1, next_frame - 2, next_frame + 1, countdown_frame + 15, countdown_frame + 45} - set(frames)
    assert not missing, f"frames {missing} were skipped (machine too loaded: {stats['frames_skipped']} skipped)"
    assert qr_text(frames[taken - 2]) == ""
    assert qr_text(frames[taken + 1]).startswith(PRODUCTS_URL + "headphones-nc?")
    assert qr_text(frames[next_frame - 2]).startswith(PRODUCTS_URL + "headphones-nc?")
    assert qr_text(frames[next_frame + 1]).startswith(PRODUCTS_URL + "tv-55-4k?")

    placement = layout_for(W, H, theme)["countdown"]
    ends_at_s = countdown["show_time_s"] + 30
    for index in (countdown_frame + 15, countdown_frame + 45):
        right = expected_countdown(index / FPS, ends_at_s, theme, placement)
        wrong = expected_countdown(index / FPS, ends_at_s + 1, theme, placement)
        digits = np.abs(right - wrong).max(axis=2) > 40
        on_air = countdown_roi(frames[index], placement)
        assert np.abs(on_air - right)[digits].mean() * 2 < np.abs(on_air - wrong)[digits].mean(), f"frame {index}"

    probe = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                            "stream=nb_read_frames", "-of", "csv=p=0", str(recording)], capture_output=True, text=True)
    assert int(probe.stdout.strip()) >= stats["frames_encoded"], "the recording plays to the end"
