"""What crosses the pipe into an output worker, and the workers started ahead of their outputs."""

from __future__ import annotations

import threading

from studio.commands._early_outputs import count_outputs
from studio.core.capture.audio import SilenceSource
from studio.core.capture.test_card import TestCardSource
from studio.core.engine import Engine
from studio.core.output import workers
from studio.core.output.encoder import EncoderSettings
from studio.core.output.health import OutputState
from studio.core.output.packets import EncodedPacket, decode_batch, encode_batch
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink
from tests.probe import probe


def test_a_batch_arrives_as_it_was_sent():
    packets = [EncodedPacket("audio", b"\x01\x02", 1024, 1024, 1, 48_000, True),
               EncodedPacket("video", bytes(range(256)) * 80, 2**40, 2**40 - 3, 1, 90_000, False),
               EncodedPacket("video", b"", 0, -2, 1001, 30_000, True)]
    decoded = [(kind, bytes(data), *rest) for kind, data, *rest in decode_batch(encode_batch(packets))]
    assert decoded == [(p.kind, p.data, p.pts, p.dts, p.time_base_num, p.time_base_den, p.is_keyframe) for p in packets]


def test_each_output_option_counts_one_early_worker():
    assert count_outputs(["--to", "rtmp://a/live/k", "--to=rtmp://b/live/k", "--record", "x.mkv",
                          "--record-vertical", "v.mkv", "--to-vertical", "rtmp://c/live/k", "--demo"]) == 5
    assert count_outputs(["--demo", "--duration", "3"]) == 0


def test_an_output_takes_a_worker_started_ahead_and_the_rest_end_when_released(tmp_path):
    # None left by an earlier in-process command of this test process (a clean-clone run found one: the
    # output took the stale worker, and two were left instead of one).
    workers.release_warm_workers()
    workers.prestart_workers(2)
    workers._starter.join()  # noqa: SLF001
    warm_pids = {worker.process.pid for worker in workers._warm}  # noqa: SLF001
    settings = EncoderSettings(width=320, height=180, fps=30)
    sink = OutputSink(recording_spec(tmp_path / "out.mkv", settings.layout()), reconnect=False)
    engine = Engine(settings, TestCardSource(320, 180, 30), SilenceSource(), [sink], realtime=False)
    engine.run(duration_s=1, stop=threading.Event())
    assert sink.health.state == OutputState.STOPPED and sink.health.ever_live
    assert sink._session.worker.process.pid in warm_pids  # noqa: SLF001
    assert probe(tmp_path / "out.mkv").video is not None
    left = list(workers._warm)  # noqa: SLF001
    assert len(left) == 1 and left[0].process.is_alive()
    workers.release_warm_workers()
    assert not left[0].process.is_alive() and workers._warm == []  # noqa: SLF001
