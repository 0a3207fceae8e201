"""Every kind of comment source, declared once: its settings, its secret, its connector.

`studio comments add KIND` builds its options from here, docs/comments.md's table is generated from
here, and the gateway starts a source's connector (studio/gateway/comments/connectors/) by its kind.
Secrets (API keys, tokens, shared secrets) never are settings: they are read with `--SECRET-stdin`
into the key store, and reach the gateway only over the engine's channel (GetCommentSources).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from studio.errors import UserInputError


@dataclass(frozen=True)
class Setting:
    name: str              # the option is --NAME (dashes), the stored key NAME (underscores)
    help: str
    required: bool = False
    default: object = None
    type: type = str


@dataclass(frozen=True)
class SecretSpec:
    name: str              # --NAME-stdin
    help: str
    required: bool = True


@dataclass(frozen=True)
class SourceKind:
    name: str
    title: str
    connector: str         # "module:Class", imported when a source of this kind starts
    default_api_base: str
    settings: tuple[Setting, ...]
    secrets: tuple[SecretSpec, ...]


POLL = Setting("poll-s", "seconds between polls when the platform does not say", default=3.0, type=float)

SOURCE_KINDS: dict[str, SourceKind] = {kind.name: kind for kind in (
    SourceKind("youtube", "YouTube live chat (Data API v3 liveChatMessages.list)",
               "studio.gateway.comments.connectors.youtube:YouTubeChat", "https://www.googleapis.com",
               (Setting("live-chat-id", "the broadcast's liveChatId (liveBroadcasts.list snippet.liveChatId)",
                        required=True),
                Setting("daily-quota", "the project's daily quota in units", default=10_000, type=int),
                Setting("planned-minutes", "the show's planned length: the quota is spread over it", default=60.0,
                        type=float)),
               (SecretSpec("api-key", "a Data API key (public broadcasts)", required=False),
                SecretSpec("token", "an OAuth 2.0 access token (youtube.readonly scope)", required=False))),
    SourceKind("twitch", "Twitch chat (EventSub WebSocket, channel.chat.message; without a token, read-only IRC "
               "over WebSocket)", "studio.gateway.comments.connectors.twitch:twitch_connector", "https://api.twitch.tv",
               (Setting("broadcaster-id", "the channel's user id (EventSub)"),
                Setting("user-id", "the id of the user the token belongs to (EventSub)"),
                Setting("client-id", "the app's client id (EventSub)"),
                Setting("channel", "the channel's login name (read-only IRC, when no token is given)"),
                Setting("websocket-url", "the EventSub WebSocket", default="wss://eventsub.wss.twitch.tv/ws"),
                Setting("irc-url", "the chat's IRC WebSocket", default="wss://irc-ws.chat.twitch.tv:443")),
               (SecretSpec("token", "a user access token with user:read:chat (EventSub)", required=False),)),
    SourceKind("facebook", "Facebook Live comments (Graph API /{live-video-id}/comments, polled)",
               "studio.gateway.comments.connectors.facebook:FacebookComments", "https://graph.facebook.com/v21.0",
               (Setting("live-video-id", "the live video's id", required=True), POLL),
               (SecretSpec("token", "a Page access token that can read the video's comments"),)),
    SourceKind("x", "X posts (API v2 filtered stream, a rule for the show's hashtag or account)",
               "studio.gateway.comments.connectors.x:XFilteredStream", "https://api.x.com",
               (Setting("rule", "the stream rule, e.g. '#FridayDeals' or '@shop' (512 characters at most)",
                        required=True),),
               (SecretSpec("token", "an app-only bearer token"),)),
    SourceKind("inbound", "anything else: signed HTTP POST and WebSocket (Social Stream Ninja, a store's chat, TikTok "
               "LIVE tools)", "studio.gateway.comments.connectors.inbound:InboundComments", "",
               (Setting("listen", "the address to listen on", default="127.0.0.1"),
                Setting("port", "HTTP POST port (0: any free one, printed by the engine)", default=0, type=int),
                Setting("ws-port", "WebSocket port (0: any free one)", default=0, type=int),
                Setting("platform-name", "the platform shown when a comment does not say", default="inbound")),
               (SecretSpec("secret", "the shared secret requests are signed with (HMAC-SHA256)"),)),
)}


def secret_account(source_name: str) -> str:
    """The key store entry holding a source's secrets (one JSON entry per source)."""
    return f"comments:{source_name}"


@dataclass
class StoredSource:
    name: str
    show: str
    kind: str
    settings: dict = field(default_factory=dict)
    enabled: bool = True


def add_source(conn: sqlite3.Connection, name: str, show_id: int, kind: str, settings: dict) -> None:
    try:
        with conn:
            conn.execute("INSERT INTO comment_sources (name, show_id, platform, settings) VALUES (?, ?, ?, ?)",
                         [name, show_id, kind, json.dumps(settings)])
    except sqlite3.IntegrityError:
        raise UserInputError(f"a comment source named {name!r} exists (studio comments remove {name})") from None


def list_sources(conn: sqlite3.Connection, show: str | None = None) -> list[StoredSource]:
    rows = conn.execute("SELECT s.name, shows.name AS show, s.platform, s.settings, s.enabled FROM comment_sources s "
                        "JOIN shows ON shows.id = s.show_id" + (" WHERE shows.name = ?" if show else "") +
                        " ORDER BY s.id", [show] if show else []).fetchall()
    return [StoredSource(row[0], row[1], row[2], json.loads(row[3]), bool(row[4])) for row in rows]


def remove_source(conn: sqlite3.Connection, name: str) -> bool:
    with conn:
        return conn.execute("DELETE FROM comment_sources WHERE name = ?", [name]).rowcount > 0
