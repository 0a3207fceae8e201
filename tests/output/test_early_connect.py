"""A warm worker that connects to its destination before the engine hands it the spec (issue 29, start-up).

Real parts: a real nginx-rtmp records what it receives, ffprobe reads it, and the FLV file's AVC sequence
header is compared with the SPS/PPS the encoder put in band. Packets come from the engine's encoder.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path

import numpy as np
import pytest

from bench.bench_startup import TimingRelay
from studio.core.output import workers
from studio.core.output.destination import destination_spec
from studio.core.output.early_connect import parameter_sets
from studio.core.output.encoder import ProgramEncoder
from studio.core.output.encoder_settings import EncoderSettings, h264_extradata
from studio.core.output.packets import CLOSE_BATCH, encode_batch
from studio.core.secrets import redact_url
from tests.probe import probe

KEY = "early-KEY-a1b2c3d4e5f6"
SETTINGS = EncoderSettings(width=640, height=360, fps=30, keyframe_interval_s=1.0)
WAIT_S = 20.0


@pytest.fixture(autouse=True)
def _no_warm_workers_but_the_tests_own():
    """Warm workers left by an earlier test in this process (a broadcast run in-process) would take the targets."""
    workers.release_warm_workers()
    yield
    workers.release_warm_workers()


def _spec(url: str, settings: EncoderSettings = SETTINGS):
    return destination_spec(url, settings.layout(), label=redact_url(url))


def _wait_for(condition, what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _feed(worker: workers.Worker, settings: EncoderSettings = SETTINGS, frames: int = 45) -> list[tuple]:
    """`frames` frames of the engine's encoder (a moving picture, silence) through the worker; its reports."""
    encoder = ProgramEncoder(settings)
    picture = np.zeros((settings.height, settings.width, 3), np.uint8)
    for index in range(frames):
        picture[:] = index * 5 % 256
        batch = encoder.encode_video(picture, index)
        if index % 2 == 0:
            batch += encoder.encode_audio(np.zeros((2, 1024), np.float32))
        if batch:
            worker.packet_sender.send_bytes(encode_batch(batch))
    worker.packet_sender.send_bytes(encode_batch(encoder.flush()))
    worker.packet_sender.send_bytes(CLOSE_BATCH)
    worker.process.join(WAIT_S)
    assert worker.process.exitcode == 0
    return _reports(worker)


def _avc_header_sets(flv: Path) -> tuple[bytes, ...]:
    """The SPS/PPS of the first AVC sequence header in an FLV file (avcC), as NAL units."""
    data = flv.read_bytes()
    offset = struct.unpack(">I", data[5:9])[0] + 4
    while offset + 11 < len(data):
        kind, size = data[offset], int.from_bytes(data[offset + 1:offset + 4], "big")
        body = data[offset + 11:offset + 11 + size]
        if kind == 9 and body[0] & 0x0F == 7 and body[1] == 0:      # video, AVC, sequence header
            avcc, units, at = body[5:], [], 6
            for count_at in (5, None):
                count = avcc[count_at] & 0x1F if count_at else avcc[at - 1]
                for _ in range(count):
                    length = int.from_bytes(avcc[at:at + 2], "big")
                    units.append(avcc[at + 2:at + 2 + length])
                    at += 2 + length
                at += 1
            return tuple(units)
        offset += 11 + size + 4
    raise AssertionError("no AVC sequence header in the recording")


def _check_stream(server, stream: str, settings: EncoderSettings = SETTINGS) -> None:
    recording = server.recording(stream)
    _wait_for(lambda: recording.exists() and recording.stat().st_size > 10_000, "the recording")
    media = probe(recording)
    assert (media.video["codec_name"], media.video["width"], media.video["height"]) == (
        "h264", settings.width, settings.height)
    assert media.audio is not None and media.audio["codec_name"] == "aac"
    assert _avc_header_sets(recording) == parameter_sets(h264_extradata(settings.layout()))



def test_a_worker_connected_ahead_keeps_its_connection_for_the_same_spec(rtmp_server):
    relay = TimingRelay(rtmp_server.port)
    url = f"rtmp://127.0.0.1:{relay.port}/live/{KEY}"
    workers.prestart_workers(1)
    workers.connect_early([_spec(url)])
    # The handshake, publish and FLV header go out before the engine has said anything.
    _wait_for(lambda: relay._received > 3500, "the early connection's header")  # noqa: SLF001 - C0-C2 are 3,073 bytes
    first_byte_at = relay.first_byte_at
    worker = workers.take_warm(_spec(url))
    assert worker is not None and worker.early_target is not None
    reports = _feed(worker)
    assert ("state", "live", None) in reports
    assert relay.first_byte_at == first_byte_at and relay.connections == 1      # the early connection, kept
    _check_stream(rtmp_server, KEY)


def test_another_spec_than_the_one_connected_ahead_gets_its_own_connection(rtmp_server):
    workers.prestart_workers(1)
    workers.connect_early([_spec(rtmp_server.url("guessed"), EncoderSettings(width=320, height=180, fps=30))])
    _wait_for(lambda: rtmp_server.recording("guessed").exists(), "the early publish")
    worker = workers.take_warm(_spec(rtmp_server.url(KEY)))
    _feed(worker)
    _check_stream(rtmp_server, KEY)


def test_another_size_on_the_same_url_reconnects_at_that_size(rtmp_server):
    url = rtmp_server.url(KEY)
    workers.prestart_workers(1)
    workers.connect_early([_spec(url, EncoderSettings(width=320, height=180, fps=30))])
    _wait_for(lambda: rtmp_server.recording(KEY).exists(), "the early publish")
    worker = workers.take_warm(_spec(url))
    assert not worker.early_target.same_output(_spec(url))
    _feed(worker)
    _check_stream(rtmp_server, KEY)


def test_a_first_keyframe_whose_sps_pps_differ_from_the_header_publishes_again(rtmp_server):
    """The spec says veryfast, the encoder runs ultrafast (CAVLC, one reference): the header announced other
    SPS/PPS than the stream carries, so the worker publishes again with the keyframe's."""
    relay = TimingRelay(rtmp_server.port)
    url = f"rtmp://127.0.0.1:{relay.port}/live/{KEY}"
    workers.prestart_workers(1)
    workers.connect_early([_spec(url)])
    _wait_for(lambda: rtmp_server.recording(KEY).exists(), "the early publish")
    ultrafast = EncoderSettings(width=640, height=360, fps=30, keyframe_interval_s=1.0, preset="ultrafast")
    assert parameter_sets(h264_extradata(ultrafast.layout())) != parameter_sets(h264_extradata(SETTINGS.layout()))
    _feed(workers.take_warm(_spec(url)), settings=ultrafast)
    _check_stream(rtmp_server, KEY, settings=ultrafast)
    assert relay.connections == 2


def test_the_key_is_in_no_argv_and_no_report(rtmp_server):
    url = rtmp_server.url(KEY)
    workers.prestart_workers(1)
    workers.connect_early([_spec(url)])
    _wait_for(lambda: rtmp_server.recording(KEY).exists(), "the early publish")
    worker = workers.take_warm(_spec(url))
    for pid in (worker.process.pid, *_fork_servers()):
        assert KEY not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    reports = _feed(worker)
    assert reports and not any(KEY in repr(report) for report in reports)
    assert KEY not in repr(_spec(url)) and KEY not in repr(worker)


def test_a_worker_connected_ahead_that_nobody_takes_ends_on_its_own(rtmp_server):
    workers.prestart_workers(1)
    workers.connect_early([_spec(rtmp_server.url(KEY))])
    _wait_for(lambda: rtmp_server.recording(KEY).exists(), "the early publish")
    worker = workers._warm[0]  # noqa: SLF001
    worker.packet_sender.close()               # as when the command fails and its process ends
    worker.process.join(WAIT_S)
    assert worker.process.exitcode == 0
    workers.release_warm_workers()


def _fork_servers() -> list[int]:
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # noqa: SLF001
    return [pid] if pid else []


def test_the_early_specs_are_the_ones_the_engine_builds():
    """Read by the real parser with the engine's defaults: equal to what studio.core.session gives each --to."""
    from studio.cli import build_parser
    from studio.commands._early_outputs import early_destinations
    from studio.commands.broadcast import build_plan

    arguments = ["--source", "test", "--size", "1920x1080", "--video-bitrate", "4500", "--keyframe-interval", "1",
                 "--to", f"rtmp://127.0.0.1:1/live/{KEY}", "--to", "RTMP://127.0.0.1:2/app?key=other-key-123456",
                 "--to", "rtmps://127.0.0.1:3/live/k", "--to-vertical", "rtmp://127.0.0.1:4/live/v"]
    early = early_destinations(arguments)
    plan = build_plan(build_parser(prepare=False).parse_args(["broadcast", *arguments]), check_reachable_now=False)
    engine_specs = [destination_spec(d.url, plan.encoder_for(d.canvas).layout(), ca_file=d.ca_file, label=d.label)
                    for d in plan.destinations]
    assert early == engine_specs[:2]                      # not rtmps://, not the vertical canvas
    assert early[0].layout.keyframe_interval_frames == 30 and early[0].layout.video_bitrate_bps == 4_500_000


def test_no_early_spec_for_a_command_line_the_engine_would_refuse():
    from studio.commands._early_outputs import early_destinations

    url = "rtmp://127.0.0.1/live/k"
    assert early_destinations(["--to", url, "--fps", "500"]) == []
    assert early_destinations(["--to", url, "--to", url]) == []            # refused as given twice
    assert early_destinations(["--to", url, "--no-such-option"]) == []
    assert early_destinations(["--destination", "yt", "--record", "x.mkv"]) == []


def test_an_early_connection_that_fails_is_the_outputs_first_attempt():
    """Reported as its failure (the engine's backoff then decides when to try again), not tried again at once."""
    from tests.fixtures.tcp_servers import AcceptAndDropServer

    dropper = AcceptAndDropServer()
    try:
        url = f"rtmp://127.0.0.1:{dropper.port}/live/{KEY}"
        workers.prestart_workers(1)
        workers.connect_early([_spec(url)])
        _wait_for(lambda: dropper.accepted_at_s, "the early attempt")
        worker = workers.take_warm(_spec(url))
        worker.process.join(WAIT_S)
        reports = _reports(worker)
        assert reports[0] == ("state", "connecting", None) and reports[-1][:2] == ("state", "failed")
        assert len(dropper.accepted_at_s) == 1 and KEY not in repr(reports)
    finally:
        dropper.close()


def _reports(worker: workers.Worker) -> list[tuple]:
    """Everything an ended worker reported."""
    reports = []
    try:
        while worker.status_reader.poll(1.0):
            reports.append(worker.status_reader.recv())
    except EOFError:         # all read
        pass
    return reports
