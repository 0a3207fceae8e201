"""Facebook Live: the Graph API's `/{live-video-id}/comments`, polled (the live_comments server-sent
events endpoint is deprecated and delivered only a sample). Newest first, `filter=stream` so replies
come too; each poll reads the newest page and the bus drops what it has already stored. The token
travels in the Authorization header, never in the URL."""

from __future__ import annotations

import time

from studio.gateway.comments.connectors.http import get_json, session, unix_time
from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import normalised

PAGE = 100
RATE_LIMIT_CODES = {4, 17, 32, 613}      # application, user, page and custom rate limits
RATE_LIMIT_WAIT_S = 60.0


class FacebookComments:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name = name
        self.url = f"{settings['api_base'].rstrip('/')}/{settings['live_video_id']}/comments"
        self.poll_s = float(settings.get("poll_s") or 3.0)
        if not secrets.get("token"):
            raise ConnectorError("no token in the key store (studio comments add facebook ... --token-stdin)")
        self.headers = {"Authorization": f"Bearer {secrets['token']}"}

    def run(self, stop, emit, status) -> None:
        http = session()
        params = {"order": "reverse_chronological", "filter": "stream", "limit": PAGE,
                  "fields": "id,message,created_time,from{id,name}"}
        while not stop.is_set():
            code, body = get_json(http, self.url, params, self.headers)
            if code == 200 and isinstance(body, dict):
                for item in reversed(body.get("data") or []):
                    author = item.get("from") or {}
                    if item.get("message"):
                        emit(normalised("facebook", item.get("id"), author.get("name") or "Facebook user",
                                        item["message"], unix_time(item.get("created_time")) or time.time(),
                                        author.get("id") or "", (), self.name))
                status(f"polling every {self.poll_s:g} s")
                stop.wait(self.poll_s)
                continue
            error = (body or {}).get("error") if isinstance(body, dict) else None
            error_code = (error or {}).get("code")
            if error_code in RATE_LIMIT_CODES:
                status(f"Facebook rate limit (code {error_code}): waiting {RATE_LIMIT_WAIT_S:.0f} s")
                stop.wait(RATE_LIMIT_WAIT_S)
                continue
            raise ConnectorError(f"Facebook answered {code}" + (f" ({error.get('type', '')} {error_code})" if error else ""))
