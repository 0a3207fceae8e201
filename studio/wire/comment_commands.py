"""The live commands of the audience (docs/comments.md): the comment bus lives in the gateway; what airs,
on the engine.

Part of the one registry: studio/wire/commands.py imports them (`commands.FeatureComment`), so they are
declared, parsed, routed and documented as every other command; apart only to keep each file small.
"""

from __future__ import annotations

from typing import Annotated

from studio.wire.bounds import Range, Text
from studio.wire.command_spec import Command, live_command

__all__ = ["COMMENT_ID", "MAX_CLAIM_QUANTITY", "FeatureComment", "FeatureNewestQuestion", "ClearComment", "SetCommentQueue", "GetComments", "ModerateComment", "ShowComment", "ClaimStock", "CancelClaim", "GetClaims", "GetCommentSources"]

# -- the audience (docs/comments.md): the comment bus lives in the gateway; what airs, on the engine ----

COMMENT_ID = Annotated[int, Range(1, 2 ** 53, doc="the id `studio comments show` and CommentsReceived give")]
MAX_CLAIM_QUANTITY = 20                          # the most units one comment claims (studio/gateway/comments/rules.py)

@live_command(vendor=True, runs_on="gateway", answers="`{id, frame}`: the program frame that first shows it",
              doc="puts that comment on air in the comment graphic (platform mark, author, text fitted); as-run "
                  "`comment_featured` with the frame")
class FeatureComment(Command):
    id: COMMENT_ID

@live_command(vendor=True, runs_on="gateway", answers="`{id, frame}`; 600 when no question came",
              doc="features the newest visible comment that asks a question (a Stream Deck key)")
class FeatureNewestQuestion(Command): pass

@live_command(vendor=True, on_air=True, answers="`{kind}`", doc="takes the featured comment off air")
class ClearComment(Command): pass

@live_command(vendor=True, runs_on="gateway", answers="`{seconds, queued}`",
              doc="airs the approved (pinned) comments one after another, each for that many seconds; 0 stops")
class SetCommentQueue(Command):
    seconds: Annotated[float, Range(0, 600, "s", doc="0: off")]

@live_command(vendor=True, runs_on="gateway", answers="`{comments: [comment], stats, sources}`",
              doc="the newest visible comments (oldest first), the bus's counters and each source's status")
class GetComments(Command):
    limit: Annotated[int, Range(1, 500)] = 100

@live_command(vendor=True, runs_on="gateway", answers="`{id, action}`; announced as `CommentModerated`",
              doc="hide or show a comment, pin (approve for the queue) or unpin it")
class ModerateComment(Command):
    id: COMMENT_ID
    action: Annotated[str, Text(8, doc="`hide` | `show` | `pin` | `unpin`")]

@live_command(gateway=True, on_air=True, doc="a comment the gateway resolved, shown in the comment graphic")
class ShowComment(Command):
    comment_id: int
    name: str
    text: str
    platform: str = ""

@live_command(gateway=True, doc="a claim read off a comment: reserves stock first come, first served, or waitlists it")
class ClaimStock(Command):
    quantity: Annotated[int, Range(1, MAX_CLAIM_QUANTITY)]
    author: str
    platform: str
    sku: str = ""            # "": the product on air
    comment_id: int | None = None
    hold_s: Annotated[float, Range(1, 24 * 3600, "s")] = 600.0

@live_command(vendor=True, answers="`{claim_id, state}`", doc="cancels a claim: its units go back (to the next "
              "waiting claim first); announced as `ClaimChanged`")
class CancelClaim(Command):
    claim_id: Annotated[int, Range(1, 2 ** 53)]

@live_command(vendor=True, answers="`{claims: [claim], held: {sku: units}}`",
              doc="the active claims (reserved or waiting); ended ones are in `studio comments claims`")
class GetClaims(Command): pass

@live_command(gateway=True, runs_on="worker", doc="the show's comment sources with their secrets (key store), "
              "for the gateway's connectors; `revision` changes when they do")
class GetCommentSources(Command):
    revision: str = ""
