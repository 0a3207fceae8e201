"""AddMarker on the engine thread, through LiveControl.submit: the example of docs/control.md
"Adding a live command" (one registry entry, one handler, one test)."""

import pytest

from studio.core.live.events import EventBus
from studio.core.live.live_control import LiveControl
from studio.core.output.encoder import EncoderSettings
from studio.core.plan import Plan
from studio.core.session import Session
from studio.wire import commands


@pytest.fixture
def live(qapp):
    session = Session(Plan(encoder=EncoderSettings(320, 180, 30)), start_live=False)
    yield LiveControl(session, EventBus())
    session.engine.video.close()
    session.engine.audio.close()


def test_a_marker_is_answered_with_its_show_time_and_a_too_long_one_is_refused(live):
    answer = live.submit(commands.AddMarker(text="guest arrived"))
    assert not answer.done()                 # an engine-thread command waits for the frame boundary
    live.before_frame(12.5)
    assert answer.result(timeout=5) == {"show_time_s": 12.5}

    refused = live.submit(commands.AddMarker(text="x" * 501))
    with pytest.raises(commands.CommandError) as error:
        refused.result(timeout=5)
    assert error.value.code == 402 and "at most 500" in error.value.comment
