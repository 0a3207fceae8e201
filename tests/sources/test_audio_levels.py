"""The console's meter is fed by the engine: per-channel levels from the audio strip, ~20 events a second."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.audio_strip import AudioStrip
from studio.core.clock import ShowClock
from studio.core.live.audio_meters import AudioMeters
from studio.core.live.events import EventBus
from studio.wire.protocol import Subscription


def sine(peak: float, samples: int = 1024) -> np.ndarray:
    return (peak * np.sin(np.arange(samples) * 2 * np.pi * 1000 / 48_000)).astype(np.float32)


def test_levels_are_per_channel_and_their_own_window_beside_the_stats_meter():
    strip = AudioStrip()
    for _ in range(10):
        strip.process(np.stack([sine(0.5), sine(0.125)]))
    levels, clipped = strip.read_levels()
    assert [round(level.peak, 3) for level in levels] == [0.5, 0.125]
    assert levels[0].rms == pytest.approx(0.5 / np.sqrt(2), rel=0.01)
    assert not clipped
    assert strip.read_levels()[0][0].peak == 0.0, "a new window: no sound since reads as silence"
    assert strip.read_meter().peak_dbfs == pytest.approx(20 * np.log10(0.5), abs=0.01), \
        "the once-a-second stats meter is not reset by the console's reads"
    strip.set_gain_db(12.0)
    strip.process(np.stack([sine(0.5), sine(0.125)]))
    levels, clipped = strip.read_levels()
    assert clipped and levels[0].peak == 1.0


def test_an_event_every_50_ms_of_show_time_for_clients_that_ask_for_meters():
    strip, bus = AudioStrip(), EventBus()
    meters = AudioMeters(strip, ShowClock(30, realtime=False), bus)
    for frame in range(90):                        # three seconds at 30 fps
        strip.process(np.stack([sine(0.25, 1600), sine(0.25, 1600)]))
        meters.after_frame(frame, None)
    events = []
    while (event := bus.get(0.0)) is not None:
        events.append(event)
    assert len(events) == pytest.approx(60, abs=1), "20 a second, though a frame is 33 ms"
    event = events[-1]
    assert event.event_type == "InputVolumeMeters" and not event.vendor
    assert event.intent == Subscription.INPUT_VOLUME_METERS and not Subscription.ALL & event.intent
    (program,) = event.data["inputs"]
    assert program["inputName"] == "Program" and program["clipped"] is False
    rms, peak, _input_peak = program["inputLevelsMul"][0]
    assert peak == pytest.approx(0.25, rel=0.01) and rms == pytest.approx(0.25 / np.sqrt(2), rel=0.01)
