"""The OBS drop policy: never audio, never a keyframe, drop until the next keyframe."""

from studio.core.output.packet_queue import MAX_QUEUE_S, PacketQueue
from studio.core.output.packets import EncodedPacket

FPS = 30


def video(frame: int, keyframe: bool | None = None) -> EncodedPacket:
    is_key = frame % 60 == 0 if keyframe is None else keyframe
    return EncodedPacket("video", b"v", frame, frame, 1, FPS, is_key)


def audio(sample: int) -> EncodedPacket:
    return EncodedPacket("audio", b"a", sample, sample, 1, 48_000, True)


def feed(queue: PacketQueue, first_frame: int, last_frame: int) -> None:
    for frame in range(first_frame, last_frame):
        queue.push(video(frame))
        queue.push(audio(frame * 1600))


def drain(queue: PacketQueue) -> list[EncodedPacket]:
    out = []
    while batch := queue.pop_batch(timeout_s=0):
        out.extend(batch)
    return out


def test_nothing_dropped_below_threshold():
    queue = PacketQueue()
    feed(queue, 0, 20)  # 0.63 s queued
    assert queue.dropped_video_frames == 0
    assert len(drain(queue)) == 40


def test_above_threshold_drops_only_non_keyframe_video_and_keeps_every_audio_packet():
    queue = PacketQueue()
    feed(queue, 0, 150)  # 5 s while nothing is sent
    packets = drain(queue)
    assert queue.dropped_video_frames > 0
    assert sum(p.kind == "audio" for p in packets) == 150
    assert all(p.is_keyframe for p in packets if p.kind == "video")
    assert [p.pts for p in packets if p.kind == "video"] == [0, 60, 120]


def test_queue_never_exceeds_the_limit_on_a_link_with_half_the_bitrate():
    """Sizes as a 3.5 Mb/s program sends them; the link carries half of that."""
    queue = PacketQueue()
    sizes = {"key": 60_000, "video": 13_000, "audio": 660}
    per_frame_budget = (sizes["video"] + sizes["audio"]) / 2
    credit = 0.0
    sent_audio = 0
    for frame in range(900):
        queue.push(EncodedPacket("video", b"k" * sizes["key"] if frame % 60 == 0 else b"v" * sizes["video"],
                                 frame, frame, 1, FPS, frame % 60 == 0))
        queue.push(audio(frame * 1600))
        credit += per_frame_budget
        while len(queue) and credit > 0:  # the link takes what the sender hands it: a frame at a time
            batch = queue.pop_batch(timeout_s=0)
            credit -= sum(len(p.data) for p in batch)
            sent_audio += sum(p.kind == "audio" for p in batch)
        assert queue.age_s() <= MAX_QUEUE_S + 1e-9, f"frame {frame}: {queue.age_s():.3f} s queued"
    assert queue.dropped_video_frames > 0
    assert sent_audio + sum(p.kind == "audio" for p in drain(queue)) == 900, "no audio is ever dropped"


def test_once_a_frame_is_dropped_later_frames_wait_for_the_next_keyframe():
    queue = PacketQueue()
    feed(queue, 0, 23)  # 0.73 s: frame 22 was dropped
    drain(queue)        # the destination catches up at once
    feed(queue, 23, 61)
    kept = [p.pts for p in drain(queue) if p.kind == "video"]
    assert kept == [60], "frames 23..59 refer to a dropped frame; the next picture sent is the keyframe"


def test_a_new_session_starts_at_the_next_keyframe():
    queue = PacketQueue()
    feed(queue, 0, 10)
    queue.restart_at_next_keyframe()
    feed(queue, 10, 62)
    kept = [p for p in drain(queue) if p.kind == "video"]
    assert kept[0].pts == 60 and kept[0].is_keyframe


def test_closed_queue_refuses_and_hands_over_nothing():
    queue = PacketQueue()
    queue.close()
    assert queue.push(video(0)) is False
    assert queue.pop_batch(timeout_s=60) == []


def test_back_pressure_mode_keeps_every_packet_and_waits_for_the_consumer():
    """Regression: an as-fast-as-possible recording lost 53 of 960 frames to the real-time drop policy."""
    import threading

    queue = PacketQueue(drop_threshold_s=float("inf"), block_above_packets=8)
    received = []

    def consume():
        while len(received) < 400:
            received.extend(queue.pop_batch(timeout_s=1))

    consumer = threading.Thread(target=consume)
    consumer.start()
    feed(queue, 0, 200)  # 7 s of show time pushed far faster than real time
    consumer.join(timeout=10)
    assert queue.dropped_video_frames == 0
    assert [p.pts for p in received if p.kind == "video"] == list(range(200))


def test_the_sender_takes_one_frame_at_a_time_with_the_audio_queued_before_it():
    queue = PacketQueue()
    queue.push(audio(0))
    queue.push(audio(1024))
    queue.push(video(1))
    queue.push(audio(2048))
    queue.push(video(2))
    first = queue.pop_batch(timeout_s=0)
    assert [(p.kind, p.pts) for p in first] == [("audio", 0), ("audio", 1024), ("video", 1)]
    assert [(p.kind, p.pts) for p in queue.pop_batch(timeout_s=0)] == [("audio", 2048), ("video", 2)]
    assert queue.pop_batch(timeout_s=0) == []


def test_audio_alone_is_handed_over_when_no_picture_comes():
    queue = PacketQueue()
    queue.push(audio(0))
    assert [p.pts for p in queue.pop_batch(timeout_s=0.01)] == [0]


def test_a_closed_queue_hands_over_what_is_left():
    queue = PacketQueue()
    queue.push(audio(0))
    queue.close()
    assert [p.kind for p in queue.pop_batch(timeout_s=60)] == ["audio"]
    assert queue.pop_batch(timeout_s=60) == [] and queue.closed


def test_while_pictures_are_dropped_the_sender_gets_the_audio_without_waiting_for_a_picture():
    """Dropping until the next keyframe, no picture is queued for up to a GOP: the audio must not sit
    out the sender's wait on top of the 0.7 s that started the dropping (the throttled-destination
    test saw the queue's peak age pass its 0.9 s bound that way)."""
    import threading

    queue = PacketQueue()
    feed(queue, 0, 23)             # 0.73 s queued: frame 22 dropped, dropping until frame 60
    while queue.pop_batch(timeout_s=0):
        pass
    handed: list = []
    sender = threading.Thread(target=lambda: handed.extend(queue.pop_batch(timeout_s=60)), daemon=True)
    sender.start()
    queue.push(video(23))          # refused: it refers to the dropped frame
    queue.push(audio(23 * 1600))
    sender.join(timeout=20)        # generous: woken at once, or only at the end of its 60 s wait
    assert not sender.is_alive(), "the sender waited for a picture that the drop policy will not queue"
    assert [(p.kind, p.pts) for p in handed] == [("audio", 23 * 1600)]
