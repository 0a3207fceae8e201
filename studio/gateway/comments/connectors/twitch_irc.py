"""Twitch chat without a token: read-only IRC over WebSocket, as an anonymous `justinfan` user.

For a channel whose owner has not given the studio a token. The connector asks for message tags
(`CAP REQ :twitch.tv/tags twitch.tv/commands`), joins `#channel` and reads PRIVMSG lines: the tags
carry the message id, the display name, the badges and the sent time. PING is answered PONG; RECONNECT
(a server going away) and silence past SILENCE_S (Twitch pings about every 5 minutes) reconnect.
"""

from __future__ import annotations

import random
import time

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from studio.gateway.comments.connectors.http import CONNECT_TIMEOUT_S
from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import normalised

SILENCE_S = 6 * 60
_TAG_ESCAPES = {"\\s": " ", "\\:": ";", "\\\\": "\\", "\\r": "\r", "\\n": "\n"}


def tag_value(raw: str) -> str:
    out, index = [], 0
    while index < len(raw):
        pair = raw[index:index + 2]
        if pair in _TAG_ESCAPES:
            out.append(_TAG_ESCAPES[pair])
            index += 2
        else:
            out.append(raw[index] if raw[index] != "\\" else "")
            index += 1
    return "".join(out)


def parse_privmsg(line: str) -> tuple[dict, str] | None:
    """(tags, text) of a tagged PRIVMSG line, else None."""
    if not line.startswith("@") or " PRIVMSG #" not in line:
        return None
    tags_part, _, rest = line[1:].partition(" ")
    tags = {}
    for item in tags_part.split(";"):
        key, _, value = item.partition("=")
        tags[key] = tag_value(value)
    _, _, text = rest.partition(" :")      # ":nick!user@host PRIVMSG #channel :the text"
    return tags, text


class TwitchIrcChat:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name = name
        self.channel = (settings.get("channel") or "").lstrip("#").lower()
        if not self.channel:
            raise ConnectorError("read-only Twitch chat needs --channel (the channel's login name)")
        self.url = settings.get("irc_url") or "wss://irc-ws.chat.twitch.tv:443"
        self._socket = None

    def close(self) -> None:
        socket = self._socket
        if socket is not None:
            socket.close()

    def run(self, stop, emit, status) -> None:
        status(f"connecting to Twitch chat #{self.channel} (read-only)")
        with connect(self.url, open_timeout=CONNECT_TIMEOUT_S, max_size=64 * 1024, close_timeout=1.0) as socket:
            self._socket = socket
            for line in ("CAP REQ :twitch.tv/tags twitch.tv/commands", "PASS SCHMOOPIIE",
                         f"NICK justinfan{random.randint(10_000, 99_999)}", f"JOIN #{self.channel}"):
                socket.send(line)
            status(f"reading #{self.channel} (read-only IRC)")
            while not stop.is_set():
                try:
                    frame = socket.recv(timeout=SILENCE_S)
                except TimeoutError:
                    raise ConnectorError(f"Twitch chat: silent for {SILENCE_S // 60} minutes") from None
                except ConnectionClosed:
                    raise ConnectorError("Twitch chat closed the connection") from None
                for line in str(frame).split("\r\n"):
                    if line.startswith("PING"):
                        socket.send("PONG" + line[4:])
                    elif " RECONNECT" in line:
                        raise ConnectorError("Twitch chat asked to reconnect")
                    else:
                        message = parse_privmsg(line)
                        if message is not None:
                            tags, text = message
                            sent_ms = tags.get("tmi-sent-ts", "")
                            badges = [badge.split("/")[0] for badge in tags.get("badges", "").split(",") if badge]
                            emit(normalised("twitch", tags.get("id"), tags.get("display-name") or "Twitch user", text,
                                            int(sent_ms) / 1000 if sent_ms.isdigit() else time.time(),
                                            tags.get("user-id", ""), badges, self.name))
        self._socket = None
