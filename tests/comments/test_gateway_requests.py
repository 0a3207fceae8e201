"""The requests the gateway answers itself: featuring resolves the comment and sends the engine only
what the graphic shows; moderation is stored and announced; the queue airs the pinned comments in turn."""

import asyncio
import types

import pytest

from studio.gateway.comments import store
from studio.gateway.comments.bus import CommentBus
from studio.gateway.comments.model import normalised
from studio.gateway.comments.requests import GATEWAY_HANDLERS
from studio.wire import commands as c
from studio.wire.commands import CommandError
from tests.fixtures.engine import install_show, wait_until


class Api:
    def __init__(self, bus, db_path):
        self.sent, self.events = [], []
        self.service = types.SimpleNamespace(
            comments=types.SimpleNamespace(bus=bus, db_path=db_path, queue_task=None,
                                           comment=self._comment, sources=lambda: []),
            broadcast=lambda kind, data, intent, vendor: self.events.append((kind, data)))
        self.bus = bus

    async def _comment(self, comment_id):
        return self.bus.recent(comment_id)

    async def engine(self, command):
        self.sent.append(command)
        return {"id": getattr(command, "comment_id", None), "frame": 100 + len(self.sent)}


@pytest.fixture
def api(tmp_path):
    db_path = install_show(tmp_path, "friday")
    bus = CommentBus(db_path, "friday", lambda batch: None, lambda comment, claim: None)
    bus.start()
    for platform_id, platform, author, text in (("1", "youtube", "Ann", "Is it waterproof?"),
                                                ("2", "twitch", "Bo", "love it"),
                                                ("3", "x", "@cy", "does it ship to Canada?")):
        bus.put(normalised(platform, platform_id, author, text, 1_700_000_000 + int(platform_id)))
    wait_until(lambda: bus.stats()["stored"] == 3, 10, "three comments")
    yield Api(bus, db_path)
    bus.stop()


def run(api, command):
    return asyncio.run(GATEWAY_HANDLERS[type(command)](api, command))


def test_feature_sends_the_engine_what_the_graphic_shows_and_newest_question_picks_the_last_question(api):
    assert run(api, c.FeatureComment(id=1)) == {"id": 1, "frame": 101}
    assert api.sent[0] == c.ShowComment(comment_id=1, name="Ann", text="Is it waterproof?", platform="YouTube")
    run(api, c.FeatureNewestQuestion())
    assert api.sent[1].name == "@cy" and api.sent[1].platform == "X"
    assert api.bus.newest(questions_only=False).author == "@cy"


def test_hidden_comments_leave_the_feed_cannot_be_featured_and_the_flag_is_stored(api):
    assert run(api, c.ModerateComment(id=3, action="hide")) == {"id": 3, "action": "hide"}
    assert api.events == [("CommentModerated", {"id": 3, "action": "hide"})]
    with pytest.raises(CommandError) as refused:
        run(api, c.FeatureComment(id=3))
    assert refused.value.code == 600
    run(api, c.FeatureNewestQuestion())
    assert api.sent[-1].name == "Ann"          # the hidden question is skipped
    conn = store.connect(api.service.comments.db_path)
    assert store.get(conn, api.bus.show_id, 3).hidden
    assert [comment["author"] for comment in run(api, c.GetComments(limit=10))["comments"]] == ["Ann", "Bo"]
    with pytest.raises(CommandError):
        run(api, c.ModerateComment(id=99, action="pin"))


def test_the_queue_airs_the_pinned_comments_one_after_another(api):
    for comment_id in (2, 1):
        run(api, c.ModerateComment(id=comment_id, action="pin"))

    async def queue_for_a_while():
        answer = await GATEWAY_HANDLERS[c.SetCommentQueue](api, c.SetCommentQueue(seconds=0.2))
        await asyncio.sleep(0.5)
        await GATEWAY_HANDLERS[c.SetCommentQueue](api, c.SetCommentQueue(seconds=0))
        return answer

    assert asyncio.run(queue_for_a_while()) == {"seconds": 0.2, "queued": 2}
    assert [command.name for command in api.sent] == ["Ann", "Bo"]     # oldest first, each once
