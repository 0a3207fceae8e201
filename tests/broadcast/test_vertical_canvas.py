"""One show, two canvases, through real parts: a `studio engine` process sends the landscape canvas to
one nginx-rtmp stream and the vertical canvas to another, records both, and takes a product live.

ffprobe says what each nginx stream received; the QR code on the product card, read with OpenCV's
QRCodeDetector off both recordings, shows the take airs on the same frame on both canvases.
"""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest

from studio.core.capture.test_card import TestCardSource
from studio.wire.client import ControlError
from studio.core.frame_fit import crop_into
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.fixtures.engine import EngineProcess, wait_until
from tests.probe import probe

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
VW, VH = 720, 1280
PRODUCT_URL = "https://demo-shop.example/products/headphones-nc?"
SCAN_FRAMES = 45


def frames_from(path, first: int, last: int) -> dict[int, np.ndarray]:
    found = {}
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            index = round(frame.time * FPS)
            if first <= index <= last:
                found[index] = frame.to_ndarray(format="bgr24")
            elif index > last:
                break
    return found


def qr_text(frame: np.ndarray) -> str:
    """The card's QR code, read off the lower half (the card sits there on both canvases), enlarged."""
    lower = frame[frame.shape[0] // 3:]
    for scale in (2, 3, 4):
        text = cv2.QRCodeDetector().detectAndDecode(cv2.resize(lower, None, fx=scale, fy=scale,
                                                               interpolation=cv2.INTER_NEAREST))[0]
        if text:
            return text
    return ""


def reframed_test_card(index: int, offset: float) -> np.ndarray:
    """The engine's source picture at that frame, cropped for the vertical canvas at `offset`."""
    vertical = np.zeros((VH, VW, 3), np.uint8)
    crop_into(TestCardSource(W, H, FPS).frame_at(index / FPS), vertical, offset)
    return vertical


def picture_band(frame: np.ndarray) -> np.ndarray:
    """Rows between the top graphics and the card: only the camera picture is there."""
    return frame[380:520].astype(np.int16)


def first_frame_with_qr(frames: dict[int, np.ndarray]) -> int | None:
    return next((index for index in sorted(frames) if qr_text(frames[index]).startswith(PRODUCT_URL)), None)


def test_take_reaches_both_canvases_on_the_same_frame_and_the_vertical_stream_is_720x1280(rtmp_server, tmp_path):
    landscape, vertical = tmp_path / "landscape.mkv", tmp_path / "vertical.mkv"
    engine = EngineProcess(
        tmp_path, "--size", f"{W}x{H}", "--live",
        "--to", rtmp_server.url("wide"), "--to-vertical", rtmp_server.url("tall"),
        "--record", str(landscape), "--record-vertical", str(vertical), show="friday",
    )
    try:
        with engine.client() as client:
            wait_until(lambda: sum(o["state"] == "live" for o in client.vendor("GetShowState")["stats"]["outputs"]) == 4,
                       timeout_s=60, what="both destinations and both recordings to be live")
            state = client.vendor("GetShowState")
            assert state["canvases"] == {"landscape": {"width": W, "height": H, "fps": FPS},
                                         "vertical": {"width": VW, "height": VH, "crop_offset": 0.0}}
            assert sorted(d["canvas"] for d in state["destinations"]) == ["landscape", "vertical"]
            taken = client.vendor("TakeProduct", {"sku": "HP-NC-BLK"})["frame"]
            cropped = client.vendor("SetVerticalCrop", {"offset": -0.5})
            assert cropped["offset"] == -0.5
            with pytest.raises(ControlError) as refused:
                client.vendor("SetVerticalCrop", {"offset": 2})
            assert refused.value.code == 402 and "'offset' must be -1…1" in refused.value.comment
            wait_until(lambda: client.vendor("GetShowState")["frame"] > taken + SCAN_FRAMES, what="frames after the take")
            assert client.vendor("GetShowState")["canvases"]["vertical"]["crop_offset"] == -0.5
            skipped = client.vendor("GetShowState")["stats"]["frames_skipped"]
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()

    for stream, size in (("wide", (W, H)), ("tall", (VW, VH))):
        path = rtmp_server.recording(stream)
        wait_for_file_to_settle(path)
        media = probe(path)
        assert media.video["codec_name"] == "h264" and (media.video["width"], media.video["height"]) == size, stream
        assert media.audio is not None and media.audio["codec_name"] == "aac", stream
    assert (probe(vertical).video["width"], probe(vertical).video["height"]) == (VW, VH)

    # Both canvases are encoded in the same tick under the same frame number, so a frame the loaded
    # machine skipped is missing from both recordings alike; the take's frame must match exactly.
    decoded = {path.name: frames_from(path, taken - 3, taken + SCAN_FRAMES) for path in (landscape, vertical)}
    assert set(decoded["landscape.mkv"]) == set(decoded["vertical.mkv"]), f"{skipped} frames skipped"
    assert len(decoded["landscape.mkv"]) >= 5, f"too few frames around the take ({skipped} skipped by a loaded machine)"
    scanned = {name: first_frame_with_qr(frames) for name, frames in decoded.items()}
    assert scanned["landscape.mkv"] is not None, "the card's QR never read on the landscape recording"
    assert scanned["landscape.mkv"] == scanned["vertical.mkv"], scanned
    assert taken <= scanned["landscape.mkv"] <= taken + SCAN_FRAMES
    before = max(index for index in decoded["vertical.mkv"] if index < scanned["vertical.mkv"])
    assert qr_text(decoded["vertical.mkv"][before]) == "" and qr_text(decoded["landscape.mkv"][before]) == ""

    # The crop moved on the frame the request named, and not before: the band between the graphics
    # matches the test card cropped at -0.5 from that frame, at the centre just before it.
    moved_at = cropped["frame"]
    around = frames_from(vertical, moved_at - 4, moved_at + 4)
    before = max((i for i in around if i < moved_at), default=None)
    after = min((i for i in around if i >= moved_at), default=None)
    assert before is not None and after is not None, f"frames around the crop skipped ({skipped} skipped)"
    for index, offset, other in ((before, 0.0, -0.5), (after, -0.5, 0.0)):
        on_air = picture_band(around[index])
        right = np.abs(on_air - picture_band(reframed_test_card(index, offset))).mean()
        wrong = np.abs(on_air - picture_band(reframed_test_card(index, other))).mean()
        assert right * 3 < wrong, (index, offset, right, wrong)
