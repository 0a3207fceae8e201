"""Twitch chat: EventSub over WebSocket, `channel.chat.message`.

The socket says `session_welcome` (its session id and keepalive timeout); within 10 s the connector
subscribes that session to the channel's chat messages (Helix POST /helix/eventsub/subscriptions).
`notification` messages carry the chat; `session_keepalive` proves the link is alive (silence past the
keepalive timeout means it is not: reconnect); `session_reconnect` names a new URL to move to, where
the subscriptions follow without subscribing again. Message ids are remembered to drop redeliveries.
"""

from __future__ import annotations

import collections
import json
import time

import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from studio.gateway.comments.connectors.http import CONNECT_TIMEOUT_S, READ_TIMEOUT_S, unix_time
from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import normalised

KEEPALIVE_GRACE_S = 5.0
MAX_MESSAGE_BYTES = 256 * 1024


def twitch_connector(name: str, settings: dict, secrets: dict):
    """EventSub with a token; without one, the read-only IRC chat (connectors/twitch_irc.py)."""
    if secrets.get("token"):
        return TwitchChat(name, settings, secrets)
    from studio.gateway.comments.connectors.twitch_irc import TwitchIrcChat
    return TwitchIrcChat(name, settings, secrets)


class TwitchChat:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name = name
        self.api = settings["api_base"].rstrip("/") + "/helix/eventsub/subscriptions"
        self.websocket_url = settings.get("websocket_url") or "wss://eventsub.wss.twitch.tv/ws"
        self.broadcaster, self.user = settings.get("broadcaster_id"), settings.get("user_id")
        self.client_id = settings.get("client_id")
        if not (self.broadcaster and self.user and self.client_id):
            raise ConnectorError("EventSub needs --broadcaster-id, --user-id and --client-id")
        self.token = secrets.get("token")
        if not self.token:
            raise ConnectorError("no token in the key store (studio comments add twitch ... --token-stdin)")
        self._seen: collections.deque[str] = collections.deque(maxlen=1000)
        self._socket = None

    def close(self) -> None:
        socket = self._socket
        if socket is not None:
            socket.close()

    def run(self, stop, emit, status) -> None:
        url, subscribed = self.websocket_url, False
        while not stop.is_set():
            status(f"connecting to {requests.utils.urlparse(url).netloc}")
            with connect(url, open_timeout=CONNECT_TIMEOUT_S, max_size=MAX_MESSAGE_BYTES,
                         close_timeout=1.0) as socket:
                self._socket = socket
                keepalive_s = READ_TIMEOUT_S
                moved = None
                while not stop.is_set() and moved is None:
                    try:
                        raw = socket.recv(timeout=keepalive_s + KEEPALIVE_GRACE_S)
                    except TimeoutError:
                        raise ConnectorError(f"Twitch: no message or keepalive for {keepalive_s + KEEPALIVE_GRACE_S:.0f} s") from None
                    except ConnectionClosed as closed:
                        raise ConnectorError(f"Twitch closed the socket ({closed.rcvd.code if closed.rcvd else 'dropped'})") from None
                    message = json.loads(raw)
                    kind = (message.get("metadata") or {}).get("message_type")
                    payload = message.get("payload") or {}
                    if kind == "session_welcome":
                        session = payload.get("session") or {}
                        keepalive_s = float(session.get("keepalive_timeout_seconds") or 10)
                        if not subscribed:
                            self._subscribe(session.get("id"))
                            subscribed = True
                        status("reading chat (EventSub WebSocket)")
                    elif kind == "session_reconnect":
                        moved = (payload.get("session") or {}).get("reconnect_url")
                    elif kind == "notification":
                        message_id = message["metadata"].get("message_id")
                        if message_id in self._seen:
                            continue
                        self._seen.append(message_id)
                        comment = self._comment(payload.get("event") or {}, message["metadata"].get("message_timestamp"))
                        if comment is not None:
                            emit(comment)
                    elif kind == "revocation":
                        raise ConnectorError(f"Twitch revoked the subscription ({(payload.get('subscription') or {}).get('status')})")
            self._socket = None
            if moved:
                url = moved       # the old socket is closed once the new one says welcome (here: at once)
            else:
                return

    def _subscribe(self, session_id: str | None) -> None:
        body = {"type": "channel.chat.message", "version": "1",
                "condition": {"broadcaster_user_id": self.broadcaster, "user_id": self.user},
                "transport": {"method": "websocket", "session_id": session_id}}
        try:
            response = requests.post(self.api, json=body, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), headers={
                "Authorization": f"Bearer {self.token}", "Client-Id": self.client_id})
        except requests.RequestException as error:
            raise ConnectorError(f"Twitch: cannot subscribe ({type(error).__name__})") from None
        if response.status_code not in (200, 202):
            raise ConnectorError(f"Twitch refused the subscription ({response.status_code})")

    def _comment(self, event: dict, timestamp):
        text = (event.get("message") or {}).get("text") or ""
        if not text:
            return None
        badges = [badge.get("set_id", "") for badge in event.get("badges") or [] if isinstance(badge, dict)]
        return normalised("twitch", event.get("message_id"), event.get("chatter_user_name") or event.get("chatter_user_login"),
                          text, unix_time(timestamp) or time.time(), event.get("chatter_user_id") or "", badges,
                          self.name)
