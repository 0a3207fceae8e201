"""The vendor requests the gateway answers itself (`runs_on="gateway"` in studio/wire/commands.py).

Featuring resolves the comment here and sends the engine only what the graphic shows (ShowComment);
the engine fits it to the comment graphic's limits and answers the frame it airs from.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from studio.gateway.comments import store
from studio.gateway.comments.service import CommentService, platform_title
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status

log = logging.getLogger(__name__)

GatewayHandler = Callable[[object, c.Command], Awaitable[dict]]
GATEWAY_HANDLERS: dict[type[c.Command], GatewayHandler] = {}


def answers(command_class: type[c.Command]):
    def register(handler: GatewayHandler) -> GatewayHandler:
        assert command_class.declaration.runs_on == "gateway", command_class
        GATEWAY_HANDLERS[command_class] = handler
        return handler
    return register


def _service(api) -> CommentService:
    service = getattr(api.service, "comments", None)
    if service is None:
        raise CommandError(Status.CANNOT_ACT, "this engine has no show with comments (start it with --show NAME)")
    return service


async def _feature(api, comment) -> dict:
    return await api.engine(c.ShowComment(comment_id=comment.id, name=comment.author, text=comment.text,
                                          platform=platform_title(comment.platform)))


@answers(c.FeatureComment)
async def feature_comment(api, command: c.FeatureComment):
    comment = await _service(api).comment(command.id)
    if comment is None or comment.hidden:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no visible comment {command.id} in this show")
    return await _feature(api, comment)


@answers(c.FeatureNewestQuestion)
async def feature_newest_question(api, command: c.FeatureNewestQuestion):
    comment = _service(api).bus.newest(questions_only=True)
    if comment is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, "no question has come in yet")
    return await _feature(api, comment)


@answers(c.GetComments)
async def get_comments(api, command: c.GetComments):
    service = _service(api)
    return {"comments": [comment.as_event() for comment in service.bus.latest(command.limit)],
            "stats": service.bus.stats(), "sources": service.sources()}


@answers(c.ModerateComment)
async def moderate_comment(api, command: c.ModerateComment):
    flags = {"hide": ("hidden", True), "show": ("hidden", False), "pin": ("pinned", True), "unpin": ("pinned", False)}
    if command.action not in flags:
        raise CommandError(Status.INVALID_REQUEST_FIELD, f"action must be one of {', '.join(flags)}")
    service = _service(api)
    flag, value = flags[command.action]

    def write() -> bool:
        conn = store.connect(service.db_path)
        try:
            return store.set_flag(conn, service.bus.show_id, command.id, flag, value)
        finally:
            conn.close()

    if not await asyncio.get_running_loop().run_in_executor(None, write):
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no comment {command.id} in this show")
    service.bus.flagged(command.id, flag, value)
    api.service.broadcast("CommentModerated", {"id": command.id, "action": command.action}, 0, True)
    return {"id": command.id, "action": command.action}


@answers(c.SetCommentQueue)
async def set_comment_queue(api, command: c.SetCommentQueue):
    service = _service(api)
    if service.queue_task is not None:
        service.queue_task.cancel()
        service.queue_task = None
    queued = [comment for comment in service.bus.latest(500) if comment.pinned]
    if command.seconds > 0:
        service.queue_task = asyncio.create_task(_play_queue(api, service, command.seconds))
    return {"seconds": command.seconds, "queued": len(queued)}


async def _play_queue(api, service: CommentService, seconds: float) -> None:
    """The approved (pinned) comments, oldest first, each on air for `seconds`; new approvals join the line."""
    aired: set[int] = set()
    try:
        while True:
            waiting = [comment for comment in service.bus.latest(500) if comment.pinned and comment.id not in aired]
            if not waiting:
                await asyncio.sleep(0.5)
                continue
            comment = waiting[0]
            aired.add(comment.id)
            try:
                await _feature(api, comment)
            except CommandError as error:
                log.info("queued comment %s not shown: %s", comment.id, error.comment)
            await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        return
