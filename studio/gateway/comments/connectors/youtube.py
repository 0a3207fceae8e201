"""YouTube live chat: Data API v3 `liveChatMessages.list`, polled as the API asks.

Each call costs 5 quota units of the project's daily quota (10,000 by default). The quota is spread
over the show's planned length: at most quota / 5 calls in that time, so the wait between calls is
the larger of the API's `pollingIntervalMillis` and planned length / (quota / 5); a 60-minute show
on 10,000 units may call every 1.8 s, and the API's own interval (often 4-10 s) usually wins. The
status says both. `quotaExceeded` waits QUOTA_WAIT_S and tries again (the quota resets at midnight
Pacific time); `rateLimitExceeded` backs off 10 s, doubling to 5 minutes; both say so.
"""

from __future__ import annotations

import time

from studio.gateway.comments.connectors.http import get_json, session, unix_time
from studio.gateway.comments.connectors.runner import ConnectorError
from studio.gateway.comments.model import normalised

UNITS_PER_CALL = 5
QUOTA_WAIT_S = 15 * 60
RATE_LIMIT_WAIT_S = (10.0, 300.0)
MAX_RESULTS = 2000      # the API's maximum page size
_BADGES = (("isChatOwner", "owner"), ("isChatModerator", "moderator"), ("isChatSponsor", "member"),
           ("isVerified", "verified"))
_FATAL = {"liveChatEnded": "the live chat has ended", "liveChatDisabled": "the live chat is disabled",
          "liveChatNotFound": "no live chat with that id", "forbidden": "not allowed to read this chat",
          "keyInvalid": "the API key is not valid", "authError": "the token is not valid"}


def budget_interval_s(daily_quota: int, planned_minutes: float) -> float:
    """The shortest wait between calls that keeps the show's calls within the daily quota."""
    calls = max(1, daily_quota // UNITS_PER_CALL)
    return planned_minutes * 60.0 / calls


class YouTubeChat:
    def __init__(self, name: str, settings: dict, secrets: dict):
        self.name = name
        self.url = settings["api_base"].rstrip("/") + "/youtube/v3/liveChat/messages"
        self.chat_id = settings["live_chat_id"]
        self.daily_quota = int(settings.get("daily_quota") or 10_000)
        self.min_interval_s = budget_interval_s(self.daily_quota, float(settings.get("planned_minutes") or 60))
        # The key travels in a header (Google APIs take X-Goog-Api-Key), never in a URL a proxy might log.
        self.headers = {}
        if secrets.get("token"):
            self.headers["Authorization"] = f"Bearer {secrets['token']}"
        elif secrets.get("api-key"):
            self.headers["X-Goog-Api-Key"] = secrets["api-key"]
        else:
            raise ConnectorError("no API key or token in the key store (studio comments add youtube ... --api-key-stdin)")
        self.units_used = 0
        self.page_token: str | None = None
        self._rate_wait_s = RATE_LIMIT_WAIT_S[0]

    def run(self, stop, emit, status) -> None:
        http = session()
        while not stop.is_set():
            if self.units_used + UNITS_PER_CALL > self.daily_quota:
                status(f"quota budget spent ({self.units_used:,} of {self.daily_quota:,} units): no more polls today")
                stop.wait(QUOTA_WAIT_S)
                continue
            params = {"liveChatId": self.chat_id, "part": "snippet,authorDetails", "maxResults": MAX_RESULTS}
            if self.page_token:
                params["pageToken"] = self.page_token
            code, body = get_json(http, self.url, params, self.headers)
            self.units_used += UNITS_PER_CALL
            if code == 200 and isinstance(body, dict):
                self._rate_wait_s = RATE_LIMIT_WAIT_S[0]
                for item in body.get("items") or []:
                    comment = self._comment(item)
                    if comment is not None:
                        emit(comment)
                self.page_token = body.get("nextPageToken") or self.page_token
                if body.get("offlineAt"):
                    raise ConnectorError("the broadcast is offline (offlineAt)")
                asked_s = float(body.get("pollingIntervalMillis") or 0) / 1000.0
                wait_s = max(asked_s, self.min_interval_s)
                status(f"polling every {wait_s:.1f} s (API asks {asked_s:.1f} s, budget allows "
                       f"{self.min_interval_s:.1f} s); quota {self.units_used:,} of {self.daily_quota:,} units")
                stop.wait(wait_s)
                continue
            reason = _reason(body)
            if reason == "quotaExceeded":
                status(f"YouTube quota exceeded (403 quotaExceeded): waiting {QUOTA_WAIT_S // 60} min, then trying again")
                stop.wait(QUOTA_WAIT_S)
            elif reason == "rateLimitExceeded":
                status(f"YouTube rate limit (403 rateLimitExceeded): waiting {self._rate_wait_s:.0f} s")
                stop.wait(self._rate_wait_s)
                self._rate_wait_s = min(self._rate_wait_s * 2, RATE_LIMIT_WAIT_S[1])
            elif reason in _FATAL:
                raise ConnectorError(f"YouTube: {_FATAL[reason]} ({code} {reason})")
            else:
                raise ConnectorError(f"YouTube answered {code}" + (f" {reason}" if reason else ""))

    def _comment(self, item: dict):
        snippet, author = item.get("snippet") or {}, item.get("authorDetails") or {}
        if snippet.get("type") not in ("textMessageEvent", "superChatEvent", "superStickerEvent", None):
            return None
        text = (snippet.get("textMessageDetails") or {}).get("messageText") or snippet.get("displayMessage") or ""
        if not text:
            return None
        badges = [badge for key, badge in _BADGES if author.get(key)]
        return normalised("youtube", item.get("id"), author.get("displayName"), text,
                          unix_time(snippet.get("publishedAt")) or time.time(), author.get("channelId") or "",
                          badges, self.name)


def _reason(body) -> str:
    try:
        return body["error"]["errors"][0]["reason"]
    except (KeyError, IndexError, TypeError):
        return ""
