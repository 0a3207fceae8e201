"""X: the API v2 filtered stream, with one rule for the show (its hashtag or account).

The rule is tagged with the source's name: at start the connector adds it unless it is there, and
deletes rules with that tag whose value changed. The stream is newline-delimited JSON; X sends an
empty line every 20 s to keep it open, so silence for STALL_S means a dead connection (reconnect).
429 (too many connections, or the plan's cap) waits, and says so.
"""

from __future__ import annotations

import json
import time

import requests

from studio.gateway.comments.connectors.http import CONNECT_TIMEOUT_S, READ_TIMEOUT_S, unix_time
from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import normalised

STALL_S = 30.0
TOO_MANY_WAIT_S = 60.0
MAX_LINE_BYTES = 1024 * 1024
STREAM_PARAMS = {"tweet.fields": "created_at,author_id", "expansions": "author_id",
                 "user.fields": "username,name,verified"}


class XFilteredStream:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name, self.rule = name, settings["rule"]
        self.base = settings["api_base"].rstrip("/") + "/2/tweets/search/stream"
        if not secrets.get("token"):
            raise ConnectorError("no bearer token in the key store (studio comments add x ... --token-stdin)")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {secrets['token']}"
        self._response = None

    def close(self) -> None:
        response = self._response
        if response is not None:
            response.close()

    def run(self, stop, emit, status) -> None:
        self._ensure_rule()
        try:
            response = self.http.get(self.base, params=STREAM_PARAMS, stream=True, timeout=(CONNECT_TIMEOUT_S, STALL_S))
        except requests.RequestException as error:
            raise ConnectorError(f"X: cannot open the stream ({type(error).__name__})") from None
        if response.status_code == 429:
            response.close()
            status(f"X: too many connections or over the plan's cap (429): waiting {TOO_MANY_WAIT_S:.0f} s")
            stop.wait(TOO_MANY_WAIT_S)
            return
        if response.status_code != 200:
            response.close()
            raise ConnectorError(f"X answered {response.status_code} to the stream")
        self._response = response
        status(f"reading the filtered stream (rule {self.rule!r})")
        try:
            for line in response.iter_lines(chunk_size=None):
                if stop.is_set():
                    return
                if not line or len(line) > MAX_LINE_BYTES:
                    continue      # the keep-alive
                self._handle(json.loads(line), emit)
        except requests.RequestException as error:
            if not stop.is_set():
                raise ConnectorError(f"X: the stream broke off ({type(error).__name__})") from None
        finally:
            self._response = None
            response.close()

    def _handle(self, message: dict, emit) -> None:
        post = message.get("data")
        if not isinstance(post, dict) or not post.get("text"):
            return
        users = {user.get("id"): user for user in (message.get("includes") or {}).get("users") or []}
        user = users.get(post.get("author_id")) or {}
        author = f"@{user['username']}" if user.get("username") else user.get("name") or "X user"
        emit(normalised("x", post.get("id"), author, post["text"], unix_time(post.get("created_at")) or time.time(),
                        post.get("author_id") or "", ("verified",) if user.get("verified") else (), self.name))

    def _ensure_rule(self) -> None:
        rules_url = self.base + "/rules"
        try:
            existing = self.http.get(rules_url, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
            ours = [rule for rule in (existing.json().get("data") or []) if rule.get("tag") == self.name]
            stale = [rule["id"] for rule in ours if rule.get("value") != self.rule]
            if stale:
                self.http.post(rules_url, json={"delete": {"ids": stale}}, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
            if len(ours) == len(stale):
                added = self.http.post(rules_url, json={"add": [{"value": self.rule, "tag": self.name}]},
                                       timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
                if added.status_code not in (200, 201):
                    raise ConnectorError(f"X refused the rule {self.rule!r} ({added.status_code})")
        except (requests.RequestException, ValueError) as error:
            raise ConnectorError(f"X: cannot set the stream rule ({type(error).__name__})") from None
