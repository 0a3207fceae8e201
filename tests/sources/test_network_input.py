"""A phone pushing to the studio: ffmpeg pushes a red test pattern with a tone over RTMP to the engine's
listening input; Take airs it at the frame the as-run log names (read off the recording); pulling the
push's plug holds its last picture, then shows the input's slate, and the picture returns by itself
when the push resumes, its sound channel with the gain it had. Real parts: `studio engine`, ffmpeg, the control API, the recording."""

from __future__ import annotations

import socket
import subprocess

import av
import numpy as np
import pytest

from studio.core.inputs.ingest import ffmpeg_has_protocol
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.fixtures.engine import EngineProcess, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, FPS = 640, 360, 30
SLATE_BGR = (60, 30, 20)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def push(url: str) -> subprocess.Popen:
    """What Larix Broadcaster or a guest's OBS does: H.264 + AAC over RTMP, at real time."""
    return subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", f"color=c=red:size=640x360:rate={FPS}",
         "-f", "lavfi", "-i", "sine=frequency=440", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
         "-g", str(FPS), "-c:a", "aac", "-f", "flv", url], stdin=subprocess.DEVNULL)


def looks(frame: np.ndarray, bgr) -> bool:
    return bool(np.abs(frame[H // 2 - 20:H // 2 + 20, 20:60].astype(int) - bgr).mean() < 25)


def guest(client) -> dict:
    return next(i for i in client.vendor("ListInputs")["inputs"] if i["name"] == "guest")


def test_a_pushed_input_airs_at_the_take_frame_shows_its_slate_when_unplugged_and_recovers(tmp_path):
    url = f"rtmp://127.0.0.1:{free_port()}/live/guest"
    recording = tmp_path / "show.mkv"
    engine = EngineProcess(tmp_path, "--size", f"{W}x{H}", "--record", str(recording), "--live",
                           "--input", "host=test", "--input", f"guest={url}?listen=1", show="friday")
    pusher = push(url)
    try:
        with engine.client() as client:
            wait_until(lambda: guest(client)["state"] == "live", 60, "the push to reach the listening input")
            wait_until(lambda: guest(client)["fps"] >= 20, 30, "the pushed pictures to flow")
            info = guest(client)
            assert (info["width"], info["height"]) == (W, H) and info["program"] is False
            client.vendor("CueInput", {"name": "guest"})
            assert client.vendor("ListInputs")["preview"] == {"kind": "full", "inputs": ["guest"]}
            client.request("SetCurrentSceneTransition", {"transitionName": "Cut"})
            client.request("TriggerStudioModeTransition")
            wait_until(lambda: guest(client)["program"], 10, "the guest on Program")
            client.vendor("SetGain", {"input": "guest", "gain_db": -9.0})    # its channel's setting, kept across
            pusher.kill()
            pusher.wait()
            engine.wait_for_line(r"input guest: lost", 30)
            lost_at = client.vendor("GetShowState")["frame"]
            wait_until(lambda: client.vendor("GetShowState")["frame"] > lost_at + 3 * FPS, 30, "the hold and the slate")
            pusher = push(url)
            wait_until(lambda: guest(client)["recoveries"] == 1, 60, "the guest to come back by itself")
            [channel] = [ch for ch in client.vendor("ListInputs")["channels"] if ch["name"] == "guest"]
            assert channel["gain_db"] == -9.0, "the same channel, with its settings"
            back_at = client.vendor("GetShowState")["frame"]
            wait_until(lambda: client.vendor("GetShowState")["frame"] > back_at + FPS, 30, "a second of the guest again")
            stats = client.vendor("GetShowState")["stats"]
        assert engine.stop() == 0, engine.log()
    finally:
        pusher.kill()
        engine.kill()
    db = open_database(tmp_path / "studio.db")
    _, events = load_events(db, get_show(db, "friday").id)
    [taken] = [e["details"]["frame"] for e in events if e["event"] == "layout_taken"]
    with av.open(str(recording)) as container:
        frames = {round(f.time * FPS): f.to_ndarray(format="bgr24") for f in container.decode(video=0)}
    assert stats["frames_skipped"] == 0 or {taken - 1, taken} <= set(frames), f"{stats['frames_skipped']} skipped"
    assert not looks(frames[taken - 1], (0, 0, 255)) and looks(frames[taken], (0, 0, 255)), \
        "the guest airs at the frame the as-run log names, not before"
    after = [index for index in sorted(frames) if index > taken]
    slate = [index for index in after if looks(frames[index], SLATE_BGR)]
    assert slate, "the unplugged input's slate went on air"
    assert all(looks(frames[index], (0, 0, 255)) for index in after if slate[0] - FPS <= index < slate[0]), \
        "its last picture held until the slate"
    assert any(looks(frames[index], (0, 0, 255)) for index in after if index > slate[-1]), "the guest came back"


@pytest.mark.skipif(not ffmpeg_has_protocol("srt"), reason="this machine's ffmpeg has no SRT (built without libsrt)")
def test_an_srt_caller_reaches_a_listening_input(tmp_path):
    port = free_port()
    engine = EngineProcess(tmp_path, "--size", f"{W}x{H}", "--input", "host=test",
                           "--input", f"guest=srt://127.0.0.1:{port}?mode=listener", show="friday")
    command = ["ffmpeg", "-hide_banner", "-loglevel", "quiet", "-re", "-f", "lavfi", "-i",
               f"color=c=red:size=640x360:rate={FPS}", "-f", "lavfi", "-i", "sine=frequency=440", "-c:v", "libx264",
               "-preset", "ultrafast", "-tune", "zerolatency", "-g", str(FPS), "-c:a", "aac", "-f", "mpegts",
               f"srt://127.0.0.1:{port}?mode=caller"]
    callers = [subprocess.Popen(command, stdin=subprocess.DEVNULL)]

    def pictures_flow(client) -> bool:
        if callers[-1].poll() is not None:      # called before the listener was up: call again, as Larix does
            callers.append(subprocess.Popen(command, stdin=subprocess.DEVNULL))
        return guest(client)["state"] == "live" and guest(client)["fps"] >= 15

    try:
        with engine.client() as client:
            wait_until(lambda: pictures_flow(client), 60, "the SRT caller's pictures at the listening input")
            assert (guest(client)["width"], guest(client)["height"]) == (W, H)
        assert engine.stop() == 0, engine.log()
    finally:
        for caller in callers:
            caller.kill()
        engine.kill()
