"""One owner of the program's bookkeeping (issue 22 item 1): the countdown is kept in one place and
every path that ends it ends it everywhere, with one as-run entry; a take makes one as-run entry;
the rundown player ticks once per frame, takes included.

An in-process session with a show and live control, its frames driven as the engine drives them
(the frame hooks, then the composite).
"""

from __future__ import annotations

import gc
import time

import numpy as np
import pytest

from studio.core.graphics.countdown_clock import ENDED_HOLD_S
from studio.core.live.events import EventBus
from studio.core.live.live_control import LiveControl
from studio.core.output.encoder import EncoderSettings
from studio.core.plan import Plan, ShowPlan
from studio.core.session import Session
from studio.wire import commands as c
from tests.fixtures.engine import REPO, studio_cli

FPS = 30
REPO_CATALOG = str(REPO / "assets" / "demo_catalog.json")


class Show:
    def __init__(self, db_path):
        self.session = Session(Plan(encoder=EncoderSettings(320, 180, FPS),
                                    show=ShowPlan(db_path=db_path, name="deals")), start_live=False)
        self.live = LiveControl(self.session, EventBus())
        self.entries: list[tuple[str, dict]] = []
        self.session.live_show.asrun.listeners.append(lambda event, t, details: self.entries.append((event, details)))
        assert self.session.graphics.wait_until_ready(60.0)    # as the engine waits before its first frame
        self.index = 0
        self._picture = np.zeros((180, 320, 3), np.uint8)

    @property
    def t(self) -> float:
        return self.index / FPS

    def frame(self) -> None:
        self.index += 1
        self.session.engine.frame_index = self.index
        for hook in self.session.engine.frame_hooks:
            hook(self.t)
        self.session.graphics.composite(self._picture, self.t)
        for hook in self.session.engine.after_frame:   # once the frame is composed, as the engine does
            hook(self.index, self._picture)

    def frames(self, count: int) -> None:
        for _ in range(count):
            self.frame()

    def command(self, command: c.Command) -> dict:
        future = self.live.submit(command)
        self.frame()
        deadline = time.monotonic() + 5.0
        while not future.done() and time.monotonic() < deadline:   # a take answers once its card shows
            time.sleep(0.005)
            self.frame()
        return future.result(timeout=0)

    def state(self) -> dict:
        return self.command(c.GetShowState())

    def events(self, name: str) -> list[dict]:
        return [details for event, details in self.entries if event == name]

    def close(self) -> None:
        self.session.live_show.finish(self.t)
        self.session.graphics.close()
        self.session.engine.video.close()
        self.session.engine.audio.close()


@pytest.fixture
def show(db_path, qapp):
    studio_cli(db_path, "catalog", "import", REPO_CATALOG)
    studio_cli(db_path, "show", "create", "deals")
    studio_cli(db_path, "rundown", "add", "deals", "--kind", "product", "--sku", "TV-55-4K", "--duration", "60",
               "--cue", "card@0", "--cue", "countdown@0+20 {\"label\": \"Deal ends in\"}")
    studio_cli(db_path, "rundown", "add", "deals", "--kind", "product", "--sku", "HP-NC-BLK", "--duration", "60",
               "--cue", "card@0")
    show = Show(db_path)
    yield show
    show.close()


def countdown_everywhere(show: Show) -> dict:
    """Where a countdown can be seen: the snapshot, the graphics on air, the rundown's own record."""
    return {"snapshot": show.state()["countdown"] is not None,
            "graphics": "countdown" in show.session.graphics.visible_kinds(),
            "player": show.live.ctx.player.countdown_up}


END_PATHS = {
    "CancelCountdown": lambda show: show.command(c.CancelCountdown()),
    "HideGraphic": lambda show: show.command(c.HideGraphic(kind="countdown")),
    "the next product taken": lambda show: show.command(c.TakeProduct(sku="HP-NC-BLK")),
    "the card hidden": lambda show: show.command(c.HideGraphic(kind="card")),
    "the next segment": lambda show: show.command(c.NextSegment()),
    # its time up, then its "Deal ended" face held ENDED_HOLD_S to be read
    "its time up": lambda show: show.frames(round((20 + ENDED_HOLD_S) * FPS)),
}


@pytest.mark.parametrize("path", END_PATHS)
def test_a_cue_countdown_ended_by_any_path_is_gone_everywhere_with_one_as_run_entry(show, path):
    show.frames(5)
    assert countdown_everywhere(show) == {"snapshot": True, "graphics": True, "player": True}
    END_PATHS[path](show)
    show.frames(2)
    assert countdown_everywhere(show) == {"snapshot": False, "graphics": False, "player": False}
    show.frames(25 * FPS)   # past the cue's own end: nothing ends twice
    ends = show.events("countdown_end")
    assert len(ends) == 1, ends
    assert ends[0].get("interrupted", False) is (path != "its time up")
    hidden = [details for details in show.events("graphic_hidden") if details["kind"] == "countdown"]
    assert len(hidden) == 1, hidden


def test_a_countdown_started_over_the_api_is_the_same_countdown(show):
    show.frames(5)
    show.command(c.CancelCountdown())
    show.command(c.StartCountdown(duration_s=3, label="Flash deal"))
    state = show.state()
    assert state["countdown"]["label"] == "Flash deal" and show.live.ctx.player.countdown_up
    show.frames(round((4 + ENDED_HOLD_S) * FPS))    # its time up, then "Deal ended" held to be read
    assert countdown_everywhere(show) == {"snapshot": False, "graphics": False, "player": False}
    ends = show.events("countdown_end")
    assert [end.get("interrupted", False) for end in ends] == [True, False]
    assert len(show.events("countdown_start")) == 2


def test_the_player_ticks_once_per_frame_takes_included(show, monkeypatch):
    player = show.live.ctx.player
    ticks = []
    tick = player.tick
    monkeypatch.setattr(player, "tick", lambda show_time_s: (ticks.append(show_time_s), tick(show_time_s)))
    show.frames(3)
    for command in (c.NextSegment(), c.PreviousSegment(), c.JumpToSegment(index=1),
                    c.SetPreviewSegment(index=0), c.Take(transition="Cut"), c.TakeProduct(sku="KET-STEEL")):
        show.command(command)
    assert len(ticks) == show.index - 0 and len(set(ticks)) == len(ticks), ticks


def test_one_as_run_entry_per_take(show):
    show.frames(3)
    before = {name: len(show.events(name)) for name in ("segment_start", "product_taken")}
    show.command(c.SetPreviewSegment(index=1))
    show.command(c.Take(transition="Cut"))
    show.command(c.TakeProduct(sku="KET-STEEL"))
    show.frames(3)
    assert len(show.events("segment_start")) - before["segment_start"] == 1
    taken = show.events("product_taken")[before["product_taken"]:]
    assert [entry["sku"] for entry in taken] == ["HP-NC-BLK", "KET-STEEL"], taken


def holders(value) -> list:
    """The objects whose attributes refer to `value`."""
    found = []
    for owner in gc.get_objects():
        try:
            attributes = getattr(owner, "__dict__", None)
        except Exception:   # a lazy binding (cffi's PortAudio library) resolves symbols on attribute access
            continue
        if isinstance(attributes, dict) and any(attribute is value for attribute in attributes.values()):
            found.append(owner)
    return found


def test_the_as_run_log_is_held_once(show):
    """The show holds the as-run log; the player, the handlers and the countdown's owner record
    through the show (one stamp of show time per frame), never through a log of their own."""
    show.command(c.Take(transition="Cut"))
    show.command(c.StartCountdown(duration_s=5, label="Go"))
    live_show = show.session.live_show
    assert holders(live_show.asrun) == [live_show]
