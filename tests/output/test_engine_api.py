"""What the UI will observe: per-output health, as copies it can keep."""

import threading

import pytest

from studio.core.capture.audio import SilenceSource
from studio.core.capture.test_card import TestCardSource
from studio.core.engine import Engine
from studio.core.output.encoder import EncoderSettings
from studio.core.output.health import OutputState
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink

pytestmark = pytest.mark.realtime  # against the clock: never beside another real-time test


def test_engine_reports_output_health_and_state_changes(tmp_path):
    settings = EncoderSettings(width=320, height=180, fps=30)
    changes = []
    sink = OutputSink(recording_spec(tmp_path / "out.mkv", settings.layout()), reconnect=False,
                      on_state_change=lambda health, previous: changes.append((str(previous), str(health.state))))
    engine = Engine(settings, TestCardSource(320, 180, 30), SilenceSource(), [sink], realtime=False)
    stats = engine.run(duration_s=2, stop=threading.Event())
    health = engine.output_health()
    assert [h.state for h in health] == [OutputState.STOPPED]
    assert health[0] is not sink.health, "a copy, not the live object"
    assert health[0].bytes_written > 0 and health[0].ever_live
    assert ("connecting", "live") in changes and changes[-1] == ("live", "stopped")
    assert stats.frames_encoded == 60


def test_an_output_spec_never_shows_its_key():
    from studio.core.output.destination import destination_spec

    spec = destination_spec("rtmp://ingest.example/live/sk_live_0123456789abcdef", EncoderSettings(320, 180, 30).layout())
    assert "sk_live_0123456789abcdef" not in repr(spec)
    assert "****cdef" in repr(spec)
