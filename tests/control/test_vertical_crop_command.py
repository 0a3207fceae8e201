"""SetVerticalCrop on the engine thread: applied to a show's vertical canvas, refused (600) on a show
that has none, out-of-range offsets refused (402) without touching the crop."""

import pytest

from studio.core.canvas import VERTICAL
from studio.wire.commands import CommandError, GetShowState, SetVerticalCrop
from studio.core.live.events import EventBus
from studio.core.live.live_control import LiveControl
from studio.core.output.encoder import EncoderSettings
from studio.core.plan import Plan, VerticalPlan
from studio.core.session import Session


def _apply(live: LiveControl, offset: float):
    future = live.submit(SetVerticalCrop(offset=offset))
    live.before_frame(0.0)
    return future.result(timeout=5)


@pytest.fixture
def session_for(qapp):
    sessions = []

    def make(vertical: VerticalPlan | None) -> Session:
        session = Session(Plan(encoder=EncoderSettings(320, 180, 30), vertical=vertical), start_live=False)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.engine.video.close()
        session.engine.audio.close()


def test_crop_moves_on_a_show_with_a_vertical_canvas(session_for):
    session = session_for(VerticalPlan(width=180, height=320))
    live = LiveControl(session, EventBus())
    assert _apply(live, -0.75)["offset"] == -0.75
    assert session.vertical.crop_offset == -0.75
    state = live.submit(GetShowState())
    live.before_frame(0.0)
    assert state.result(timeout=5)["canvases"][VERTICAL] == {"width": 180, "height": 320, "crop_offset": -0.75}
    with pytest.raises(CommandError) as refused:
        _apply(live, 1.5)
    assert refused.value.code == 402
    assert session.vertical.crop_offset == -0.75


def test_crop_is_refused_without_a_vertical_canvas(session_for):
    live = LiveControl(session_for(None), EventBus())
    with pytest.raises(CommandError) as refused:
        _apply(live, 0.5)
    assert refused.value.code == 600 and "no vertical canvas" in refused.value.comment
