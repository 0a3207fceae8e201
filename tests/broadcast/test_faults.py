"""Multistream under faults: real nginx-rtmp servers killed, frozen and throttled, the others untouched
(a destination's retries and comeback: test_destination_recovery.py).

Each test checks what the healthy outputs actually received (ffprobe) as well
as what the studio reported, and how fast.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.broadcast.live_process import LiveBroadcast, label_of
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.fixtures.tcp_servers import ThrottlingProxy
from tests.probe import probe

pytestmark = [pytest.mark.slow, pytest.mark.realtime]

SMALL = ("--size", "640x360")
FPS = 30


def max_video_gap_s(path) -> float:
    pts = probe(path).video_pts_s()
    return max(b - a for a, b in zip(pts, pts[1:]))


def outputs_by_label(stats_path) -> dict[str, dict]:
    return {output["label"]: output for output in json.loads(stats_path.read_text())["outputs"]}


def assert_untouched(path, duration_s: float) -> None:
    media = probe(path)
    assert max_video_gap_s(path) <= 0.1, f"{path}: timestamp gap"
    assert len(media.video_pts_s()) >= duration_s * FPS - 2, f"{path}: frames missing"


def test_killing_one_server_leaves_the_others_and_the_recording_untouched(rtmp_server_factory, tmp_path):
    healthy_a, doomed, healthy_c = rtmp_server_factory(), rtmp_server_factory(), rtmp_server_factory()
    recording, stats = tmp_path / "show.mkv", tmp_path / "stats.json"
    # 3 s before the kill, 5 s after it: the others must not lose a frame in either.
    live = LiveBroadcast((*SMALL, "--duration", "8", "--to", healthy_a.url("a"), "--to", doomed.url("b"),
                          "--to", healthy_c.url("c"), "--record", str(recording), "--stats-json", str(stats)))
    live.wait_for_show_time(3, 20)
    killed_at_s = time.monotonic()
    doomed.kill()
    reported = live.wait_for_line(rf"{re.escape(label_of(doomed, 'b'))}: \w+ -> reconnecting", 5, after_s=killed_at_s)
    assert reported.at_s - killed_at_s <= 1.0, f"failure reported after {reported.at_s - killed_at_s:.2f} s"
    assert live.wait() == 0, live.text()
    by_label = outputs_by_label(stats)
    for server, stream in ((healthy_a, "a"), (healthy_c, "c")):
        wait_for_file_to_settle(server.recording(stream))
        assert_untouched(server.recording(stream), 8)
        assert by_label[label_of(server, stream)]["dropped_frames"] == 0
    assert_untouched(recording, 8)
    assert by_label[f"recording {recording}"]["dropped_frames"] == 0


def test_a_frozen_server_is_marked_stalled_and_recovers_while_the_others_carry_on(rtmp_server_factory, tmp_path):
    healthy, frozen = rtmp_server_factory(), rtmp_server_factory()
    stats = tmp_path / "stats.json"
    frozen_label = re.escape(label_of(frozen, "b"))
    # frozen at 3 s, stalled by 13 s at the latest, live again a few seconds after; stopped 2 s after that.
    live = LiveBroadcast((*SMALL, "--duration", "60", "--to", healthy.url("a"), "--to", frozen.url("b"),
                          "--stats-json", str(stats)))
    live.wait_for_show_time(3, 20)
    frozen_at_s = time.monotonic()
    frozen.pause()
    try:
        stalled = live.wait_for_line(rf"{frozen_label}: \w+ -> stalled", 12, after_s=frozen_at_s)
        assert stalled.at_s - frozen_at_s <= 10.0
    finally:
        frozen.resume()
    live.wait_for_line(rf"{frozen_label}: \w+ -> live", 20, after_s=stalled.at_s)
    live.wait_for_show_time(int(live.last_show_time_s()) + 2, 30)
    live.stop()
    assert live.wait() == 0, live.text()
    played_s = live.last_show_time_s()
    final = json.loads(stats.read_text())
    assert final["max_lateness_ms"] <= 100, "the main loop never stalls for more than 100 ms"
    assert outputs_by_label(stats)[label_of(healthy, "a")]["dropped_frames"] == 0
    wait_for_file_to_settle(healthy.recording("a"))
    assert_untouched(healthy.recording("a"), played_s)


def test_a_throttled_destination_drops_only_non_keyframe_video(rtmp_server_factory, tmp_path):
    direct, slow = rtmp_server_factory(), rtmp_server_factory()
    program_bytes_per_s = (3500 + 160) * 1000 / 8
    proxy = ThrottlingProxy(slow.port, bytes_per_s=program_bytes_per_s / 2)
    stats = tmp_path / "stats.json"
    slow_url = f"rtmp://127.0.0.1:{proxy.port}/live/slow"
    try:
        # half the bandwidth fills the queue within a second: 10 s show the drops and five keyframes
        live = LiveBroadcast((*SMALL, "--duration", "10", "--to", direct.url("fast"), "--to", slow_url,
                              "--stats-json", str(stats)))
        assert live.wait(timeout_s=90) == 0, live.text()
    finally:
        proxy.close()
    by_label = outputs_by_label(stats)
    throttled = by_label[f"rtmp://127.0.0.1:{proxy.port}/live/****"]
    assert throttled["dropped_frames"] > 0
    assert throttled["peak_queue_ms"] <= 900, throttled
    assert by_label[label_of(direct, "fast")]["dropped_frames"] == 0
    wait_for_file_to_settle(direct.recording("fast"))
    assert_untouched(direct.recording("fast"), 10)

    wait_for_file_to_settle(slow.recording("slow"))
    received = probe(slow.recording("slow"))
    audio_pts = [float(p["pts_time"]) for p in received.audio_packets]
    assert max(b - a for a, b in zip(audio_pts, audio_pts[1:])) < 0.05, "audio is never dropped"
    keyframe_pts = {round(float(received.video_packets[i]["pts_time"])) for i in received.keyframe_indices()}
    reached_s = received.video_pts_s()[-1]
    assert set(range(0, int(reached_s) - 1, 2)) <= keyframe_pts, "every keyframe arrives"
    assert len(received.video_pts_s()) < reached_s * FPS * 0.9, "non-keyframes were dropped"
