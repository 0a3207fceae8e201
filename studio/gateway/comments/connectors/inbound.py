"""A generic inbound endpoint: comments POSTed over HTTP or sent over a WebSocket, signed with a shared secret.

For anything without a connector of its own: Social Stream Ninja, TikTok LIVE tools, a store's chat.
HTTP: `POST /comments` with `X-Studio-Timestamp: <unix seconds>` and
`X-Studio-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. WebSocket: the handshake
carries the same two headers signed over `"<timestamp>.websocket"`, then every text message is a
comment. A comment is a JSON object (or a list of at most MAX_BATCH): `id`, `author`, `text`,
`platform`, `time` (Unix seconds), `badges`; Social Stream Ninja's `chatname`, `chatmessage`, `type`
are understood too. Timestamps more than MAX_SKEW_S off are refused (a replayed request).
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
import uuid
from http import HTTPStatus

from websockets.sync.server import serve

from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import PLATFORMS, normalised

MAX_BODY_BYTES = 64 * 1024
MAX_BATCH = 100
MAX_SKEW_S = 300


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_ok(secret: str, timestamp: str | None, given: str | None, body: bytes) -> bool:
    if not timestamp or not given or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_S:
        return False
    return any(hmac.compare_digest(signature(secret, timestamp, body), part.strip()) for part in given.split(" ") if part)


class InboundComments:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name = name
        self.host, self.port, self.ws_port = settings.get("listen") or "127.0.0.1", int(settings.get("port") or 0), \
            int(settings.get("ws_port") or 0)
        self.default_platform = settings.get("platform_name") or "inbound"
        self.secret = secrets.get("secret")
        if not self.secret:
            raise ConnectorError("no shared secret in the key store (studio comments add inbound ... --secret-stdin)")
        self._http = self._ws = None
        self.refused = 0

    def close(self) -> None:
        for server in (self._http, self._ws):
            if server is not None:
                server.shutdown()

    def run(self, stop, emit, status) -> None:
        self._emit = emit
        handler = type("Handler", (_PostHandler,), {"inbound": self})
        self._http = http.server.ThreadingHTTPServer((self.host, self.port), handler)
        self._http.daemon_threads = True
        self._ws = serve(self._socket, self.host, self.ws_port, process_request=self._admit, max_size=MAX_BODY_BYTES)
        self.port, self.ws_port = self._http.server_address[1], self._ws.socket.getsockname()[1]
        threading.Thread(target=self._ws.serve_forever, name=f"comments {self.name} ws", daemon=True).start()
        status(f"listening on http://{self.host}:{self.port}/comments and ws://{self.host}:{self.ws_port}/")
        try:
            self._http.serve_forever(poll_interval=0.5)
        finally:
            self._ws.shutdown()
            self._http.server_close()
            self._http = self._ws = None

    def take(self, payload) -> int:
        items = payload if isinstance(payload, list) else [payload]
        if len(items) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} comments a message")
        taken = 0
        for item in items:
            if not isinstance(item, dict):
                continue
            text = item.get("text", item.get("chatmessage"))
            if not isinstance(text, str) or not text.strip():
                continue
            platform = str(item.get("platform") or item.get("type") or self.default_platform).lower()
            platform = platform if platform in PLATFORMS else "inbound"
            when = item.get("time")
            self._emit(normalised(platform, item.get("id") or uuid.uuid4().hex, item.get("author", item.get("chatname")),
                                  text, when if isinstance(when, (int, float)) else None, "",
                                  item.get("badges") if isinstance(item.get("badges"), list) else (), self.name))
            taken += 1
        return taken

    # -- WebSocket ------------------------------------------------------------------------------------

    def _admit(self, connection, request):
        headers = request.headers
        if not signed_ok(self.secret, headers.get("X-Studio-Timestamp"), headers.get("X-Studio-Signature"),
                         b"websocket"):
            self.refused += 1
            return connection.respond(HTTPStatus.UNAUTHORIZED, "bad or missing signature\n")
        return None

    def _socket(self, websocket) -> None:
        for message in websocket:
            try:
                self.take(json.loads(message))
            except (ValueError, TypeError):
                self.refused += 1


class _PostHandler(http.server.BaseHTTPRequestHandler):
    inbound: InboundComments
    timeout = 10     # a client that sends its body slowly is dropped

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        inbound = self.inbound
        length = self.headers.get("Content-Length", "")
        if self.path.split("?")[0] != "/comments":
            return self._answer(HTTPStatus.NOT_FOUND, "POST /comments")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(int(length))
        if not signed_ok(inbound.secret, self.headers.get("X-Studio-Timestamp"), self.headers.get("X-Studio-Signature"),
                         body):
            inbound.refused += 1
            return self._answer(HTTPStatus.UNAUTHORIZED, "bad or missing signature")
        try:
            taken = inbound.take(json.loads(body))
        except (ValueError, TypeError) as error:
            return self._answer(HTTPStatus.BAD_REQUEST, str(error)[:200])
        return self._answer(HTTPStatus.ACCEPTED, json.dumps({"accepted": taken}))

    def _answer(self, code: HTTPStatus, text: str) -> None:
        data = (text + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:   # noqa: A002 - no request line (or its text) in the log
        pass
