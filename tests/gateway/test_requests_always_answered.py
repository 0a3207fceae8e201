"""Every request ends in an answer, never in a crash (issue 21, "Every request ends in an answer")."""

from __future__ import annotations

import time

import pytest

from studio.wire.protocol import Status

pytestmark = [pytest.mark.slow]


def frames_now(client) -> int:
    return client.vendor("GetShowState")["frame"]


def test_a_frame_paced_sleep_the_client_gave_up_on_does_not_stop_the_show(engine_factory):
    # 330 frames at 30 fps outlast the gateway's 10 s wait for the engine: the request is answered
    # 702 and cancelled; the engine must not deliver to it later (it used to die with
    # InvalidStateError: CANCELLED from its frame hook, taking every destination off air).
    engine = engine_factory("--size", "320x180", "--fps", "30")
    with engine.client(timeout_s=30) as client:
        results = client.batch([{"requestType": "Sleep", "requestData": {"sleepFrames": 330}}], execution_type=1)
        assert results[0]["requestStatus"]["code"] == Status.REQUEST_PROCESSING_FAILED
        before = frames_now(client)
        deadline = time.monotonic() + 60
        while frames_now(client) < before + 60:      # well past the frame the sleeper was due on
            assert engine.process.poll() is None, engine.log()
            assert time.monotonic() < deadline, engine.log()
            time.sleep(0.2)
    assert engine.process.poll() is None, engine.log()
    assert "InvalidStateError" not in engine.log()
    assert engine.stop() == 0, engine.log()
