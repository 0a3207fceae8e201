"""Local fake servers for the comment connectors, written from each API's documented format.

- YouTube Data API v3 `GET /youtube/v3/liveChat/messages` (liveChatMessages.list): pages with `items`,
  `nextPageToken`, `pollingIntervalMillis`; errors as Google's `{"error": {"code", "message", "errors":
  [{"reason", "domain"}]}}` (403 quotaExceeded / rateLimitExceeded).
- Facebook Graph API `GET /v21.0/{live-video-id}/comments`: `{"data": [{id, message, created_time, from}],
  "paging": {...}}`, newest first (reverse_chronological).
- X API v2 `GET /2/tweets/search/stream`: newline-delimited JSON (`data`, `includes.users`, `matching_rules`),
  `\\r\\n` keep-alives; `GET/POST /2/tweets/search/stream/rules`.
- Twitch: Helix `POST /helix/eventsub/subscriptions` and an EventSub WebSocket server sending
  `session_welcome`, `session_keepalive`, `notification` (channel.chat.message) and `session_reconnect`.

Each fake records the requests it got; `faults` (a list of "quota", "rate", "5xx", "slow", "drop") is
served before the next normal answer, one per request.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time
import uuid
from urllib.parse import parse_qs, urlparse

from websockets.sync.server import serve


def rfc3339(unix_s: float) -> str:
    return dt.datetime.fromtimestamp(unix_s, dt.timezone.utc).isoformat().replace("+00:00", "Z")


def google_error(code: int, reason: str) -> dict:
    return {"error": {"code": code, "message": f"The request cannot be completed ({reason}).",
                      "errors": [{"message": "...", "domain": "youtube.quota" if reason == "quotaExceeded"
                                  else "youtube.liveChat", "reason": reason}]}}


class FakePlatforms:
    """One HTTP server for YouTube, Facebook, X and Twitch's Helix; a WebSocket server for EventSub."""

    def __init__(self, polling_ms: int = 200):
        self.polling_ms = polling_ms
        self.youtube: list[dict] = []          # items in the order posted
        self.facebook: list[dict] = []
        self.faults: dict[str, list[str]] = {"youtube": [], "facebook": [], "x": [], "twitch": []}
        self.requests: list[tuple[str, dict, dict]] = []
        self.x_rules: list[dict] = []
        self.x_queue: list[dict] = []
        self.x_ready = threading.Condition()
        self.twitch_queue: list[dict] = []
        self.twitch_subscriptions: list[dict] = []
        self.twitch_sockets = 0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.route(self, "GET")

            def do_POST(self):
                fake.route(self, "POST")

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.ws = serve(self._eventsub, "127.0.0.1", 0)
        threading.Thread(target=self.ws.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.ws_url = f"ws://127.0.0.1:{self.ws.socket.getsockname()[1]}/ws"

    def close(self):
        with self.x_ready:
            self.x_queue.append({"_close": True})
            self.x_ready.notify_all()
        self.http.shutdown()
        self.ws.shutdown()

    # -- posting comments ------------------------------------------------------------------------------

    def post(self, platform: str, author: str, text: str, posted_at: float | None = None) -> None:
        posted_at = posted_at or time.time()
        key = uuid.uuid4().hex[:12]
        if platform == "youtube":
            self.youtube.append({"kind": "youtube#liveChatMessage", "etag": key, "id": f"LCC.{key}", "snippet": {
                "type": "textMessageEvent", "liveChatId": "chat-1", "authorChannelId": f"UC{key}",
                "publishedAt": rfc3339(posted_at), "hasDisplayContent": True, "displayMessage": text,
                "textMessageDetails": {"messageText": text}},
                "authorDetails": {"channelId": f"UC{key}", "displayName": author, "isVerified": False,
                                  "isChatOwner": False, "isChatSponsor": True, "isChatModerator": False}})
        elif platform == "facebook":
            self.facebook.append({"id": f"1234_{key}", "message": text, "from": {"id": key, "name": author},
                                  "created_time": dt.datetime.fromtimestamp(posted_at, dt.timezone.utc)
                                  .strftime("%Y-%m-%dT%H:%M:%S+0000")})
        elif platform == "x":
            with self.x_ready:
                self.x_queue.append({"data": {"id": key, "text": text, "author_id": f"u{key}",
                                              "created_at": rfc3339(posted_at).replace("Z", ".000Z"),
                                              "edit_history_tweet_ids": [key]},
                                     "includes": {"users": [{"id": f"u{key}", "name": author, "username": author}]},
                                     "matching_rules": [{"id": "1", "tag": "friday-x"}]})
                self.x_ready.notify_all()
        elif platform == "twitch":
            self.twitch_queue.append({"metadata": {"message_id": key, "message_type": "notification",
                                                   "message_timestamp": rfc3339(posted_at),
                                                   "subscription_type": "channel.chat.message",
                                                   "subscription_version": "1"},
                                      "payload": {"subscription": {"id": "sub-1", "type": "channel.chat.message"},
                                                  "event": {"broadcaster_user_id": "1971641", "chatter_user_id": key,
                                                            "chatter_user_login": author.lower(),
                                                            "chatter_user_name": author, "message_id": key,
                                                            "message": {"text": text, "fragments": [
                                                                {"type": "text", "text": text}]},
                                                            "color": "#00FF7F", "message_type": "text",
                                                            "badges": [{"set_id": "subscriber", "id": "12",
                                                                        "info": "16"}]}}})

    # -- HTTP -----------------------------------------------------------------------------------------

    def route(self, handler, method: str) -> None:
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)) if method == "POST" else b""
        self.requests.append((url.path, query, dict(handler.headers)))
        platform = ("youtube" if url.path.startswith("/youtube/") else "x" if url.path.startswith("/2/")
                    else "twitch" if url.path.startswith("/helix/") else "facebook")
        if url.path.endswith("/stream/rules"):
            return self._x_rules(handler, method, body)
        fault = self.faults[platform].pop(0) if self.faults[platform] else None
        if fault == "slow":
            time.sleep(2.0)
        elif fault == "drop":
            handler.close_connection = True
            handler.connection.shutdown(2)
            return
        elif fault == "5xx":
            return _json(handler, 503, {"error": {"code": 503, "message": "Backend Error"}})
        elif fault in ("quota", "rate"):
            return _json(handler, 403, google_error(403, "quotaExceeded" if fault == "quota" else "rateLimitExceeded"))
        if platform == "youtube":
            start = int(query.get("pageToken") or 0)
            return _json(handler, 200, {"kind": "youtube#liveChatMessageListResponse", "etag": "e",
                                        "pollingIntervalMillis": self.polling_ms, "nextPageToken": str(len(self.youtube)),
                                        "pageInfo": {"totalResults": len(self.youtube), "resultsPerPage": 2000},
                                        "items": self.youtube[start:]})
        if platform == "facebook":
            newest_first = list(reversed(self.facebook))[:int(query.get("limit") or 25)]
            return _json(handler, 200, {"data": newest_first, "paging": {"cursors": {"before": "b", "after": "a"}}})
        if platform == "twitch":
            subscription = json.loads(body)
            self.twitch_subscriptions.append(subscription)
            return _json(handler, 202, {"data": [{"id": "sub-1", "status": "enabled", **subscription}],
                                        "total": 1, "total_cost": 0, "max_total_cost": 10})
        return self._x_stream(handler)

    def _x_rules(self, handler, method, body):
        if method == "GET":
            return _json(handler, 200, {"data": self.x_rules, "meta": {"result_count": len(self.x_rules)}})
        change = json.loads(body)
        for rule in change.get("add", []):
            self.x_rules.append({"id": str(len(self.x_rules) + 1), **rule})
        ids = set((change.get("delete") or {}).get("ids", []))
        self.x_rules = [rule for rule in self.x_rules if rule["id"] not in ids]
        return _json(handler, 201, {"data": self.x_rules, "meta": {"summary": {"created": 1}}})

    def _x_stream(self, handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()

        def chunk(data: bytes):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            handler.wfile.flush()

        try:
            while True:
                with self.x_ready:
                    if not self.x_queue:
                        self.x_ready.wait(1.0)
                    items, self.x_queue = self.x_queue, []
                if not items:
                    chunk(b"\r\n")           # keep-alive
                for item in items:
                    if item.get("_close") or item.get("_drop"):
                        handler.close_connection = True
                        handler.connection.shutdown(2)     # dropped mid-stream, no final chunk
                        return
                    chunk(json.dumps(item).encode() + b"\r\n")
        except OSError:
            return

    def drop_x_stream(self):
        with self.x_ready:
            self.x_queue.append({"_drop": True})
            self.x_ready.notify_all()

    # -- EventSub WebSocket --------------------------------------------------------------------------------

    def _eventsub(self, socket):
        self.twitch_sockets += 1
        session = uuid.uuid4().hex
        socket.send(json.dumps({"metadata": {"message_id": uuid.uuid4().hex, "message_type": "session_welcome",
                                             "message_timestamp": rfc3339(time.time())},
                                "payload": {"session": {"id": session, "status": "connected",
                                                        "connected_at": rfc3339(time.time()),
                                                        "keepalive_timeout_seconds": 10, "reconnect_url": None}}}))
        last_keepalive = time.monotonic()
        while True:
            fault = self.faults["twitch"].pop(0) if self.faults["twitch"] else None
            if fault == "drop":
                socket.close()
                return
            if fault == "reconnect":
                socket.send(json.dumps({"metadata": {"message_id": uuid.uuid4().hex, "message_type": "session_reconnect",
                                                     "message_timestamp": rfc3339(time.time())},
                                        "payload": {"session": {"id": session, "status": "reconnecting",
                                                                "reconnect_url": self.ws_url + "?reconnect=1"}}}))
                try:
                    for _ in socket:        # the old session carries nothing more; the client closes it
                        pass
                except Exception:
                    pass
                return
            while self.twitch_queue:
                try:
                    socket.send(json.dumps(self.twitch_queue.pop(0)))
                except Exception:
                    return
            if time.monotonic() - last_keepalive > 2:
                last_keepalive = time.monotonic()
                try:
                    socket.send(json.dumps({"metadata": {"message_id": uuid.uuid4().hex,
                                                         "message_type": "session_keepalive",
                                                         "message_timestamp": rfc3339(time.time())}, "payload": {}}))
                except Exception:
                    return
            time.sleep(0.05)


def _json(handler, code: int, body: dict) -> None:
    data = json.dumps(body).encode()
    handler.send_response(code)
    handler.send_header("Content-Type", "application/json; charset=UTF-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
