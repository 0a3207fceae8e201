"""Long text never costs a frame, and text is never cut without a word.

Real parts: a `studio engine` process at 1080p (the issue's size), the obs-websocket API, the engine's own
count of skipped frames. A 1,000-character slate in many scripts (Qt loads fallback fonts
and shapes each run: about a second of QPainter work) is rendered off the frame thread.
"""

from __future__ import annotations

import pytest

from studio.core.graphics.samples import mixed_scripts
from studio.wire.client import ControlError
from studio.wire.protocol import Status
from tests.fixtures.engine import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


def _state(client) -> dict:
    return client.vendor("GetShowState")


def test_a_1000_character_mixed_script_slate_skips_no_frame_at_1080p(engine_factory):
    engine = engine_factory("--size", "1920x1080", show="friday")
    with engine.client() as client:
        start = _state(client)["frame"]
        wait_until(lambda: _state(client)["frame"] > start + 60, what="the engine to settle")
        before = _state(client)["stats"]["frames_skipped"]
        client.vendor("ShowGraphic", {"kind": "slate", "params": {"headline": "Back in a moment",
                                                                   "detail": mixed_scripts(1000)}})
        shown = _state(client)["frame"]
        wait_until(lambda: _state(client)["frame"] > shown + 90, what="three seconds of frames")
        after = _state(client)["stats"]["frames_skipped"]
        assert "slate" in _state(client)["graphics"]
    assert after - before == 0, f"{after - before} frames skipped by the slate"


def test_text_over_its_limit_is_refused_naming_the_field_and_the_limit(engine_factory):
    engine = engine_factory("--size", "640x360", show="friday")
    with engine.client() as client:
        with pytest.raises(ControlError) as refused:
            client.vendor("ShowGraphic", {"kind": "lower_third", "params": {"name": mixed_scripts(1000)}})
        message = str(refused.value)
        assert refused.value.code == Status.REQUEST_FIELD_OUT_OF_RANGE == 402, message
        assert "'name'" in message and "limit is 48" in message, message
        assert "lower_third" not in _state(client)["graphics"]
