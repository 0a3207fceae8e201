"""Each connector against a local fake of its platform (tests/comments/fake_platforms.py), errors included:
comments from four platforms reach one feed, in time order within each platform, within its poll interval."""

import hashlib
import hmac
import json
import threading
import time

import pytest
import requests
from websockets.sync.client import connect

from studio.gateway.comments.bus import CommentBus
from studio.gateway.comments.connectors import http as http_module, runner as runner_module, youtube
from studio.gateway.comments.connectors.runner import SourceRunner, connector_for
from tests.comments.fake_platforms import FakePlatforms
from tests.fixtures.engine import install_show, wait_until

SETTINGS = {
    "youtube": ({"live_chat_id": "chat-1", "daily_quota": 10_000, "planned_minutes": 60}, {"api-key": "AIza-test"}),
    "twitch": ({"broadcaster_id": "1971641", "user_id": "42", "client_id": "cid"}, {"token": "tw-token"}),
    "facebook": ({"live_video_id": "1234", "poll_s": 0.3}, {"token": "fb-token"}),
    "x": ({"rule": "#FridayDeals"}, {"token": "x-token"}),
}


@pytest.fixture
def fake():
    platforms = FakePlatforms(polling_ms=300)
    yield platforms
    platforms.close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(runner_module, "FIRST_RETRY_S", 0.2)
    monkeypatch.setattr(http_module, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(youtube, "QUOTA_WAIT_S", 0.5)
    monkeypatch.setattr(youtube, "RATE_LIMIT_WAIT_S", (0.3, 1.0))


def _runner(fake, kind, emit, statuses):
    settings, secrets = SETTINGS[kind]
    settings = {**settings, "api_base": fake.base + ("/v21.0" if kind == "facebook" else "")}
    if kind == "twitch":
        settings["websocket_url"] = fake.ws_url
    runner = SourceRunner(f"friday-{kind}", connector_for(kind, f"friday-{kind}", settings, secrets), emit,
                          lambda name, text: statuses.append((name, text)), secrets)
    runner.start()
    return runner


@pytest.mark.realtime   # each comment within its platform's poll interval: it needs the CPU when it asks
def test_four_platforms_one_feed_in_time_order_within_each_poll_interval(fake, tmp_path):
    db_path = install_show(tmp_path, "friday")
    feed = []
    bus = CommentBus(db_path, "friday", feed.extend, lambda comment, claim: None)
    bus.start()
    statuses = []
    runners = [_runner(fake, kind, bus.put, statuses) for kind in SETTINGS]
    try:
        wait_until(lambda: fake.twitch_subscriptions and fake.x_rules, 20, "Twitch subscribed, the X rule set")
        posted = {}
        for round_ in range(3):
            for kind in SETTINGS:
                when = time.time()
                fake.post(kind, f"{kind}-fan", f"{kind} comment {round_}", when)
                posted[f"{kind} comment {round_}"] = when
            time.sleep(0.2)
        wait_until(lambda: len(feed) >= 12, 20, "twelve comments in the feed")
    finally:
        for runner in runners:
            runner.stop()
        bus.stop()
    for kind in SETTINGS:
        mine = [comment for comment in feed if comment.platform == kind]
        assert [c.text for c in mine] == [f"{kind} comment {n}" for n in range(3)], kind
        for comment in mine:    # within the poll interval (0.3 s here) plus the bus's batch window and a loaded machine
            assert comment.received_at - posted[comment.text] < 3.0, (kind, comment.received_at - posted[comment.text])
    assert fake.twitch_subscriptions[0]["type"] == "channel.chat.message"
    assert fake.twitch_subscriptions[0]["transport"]["method"] == "websocket"
    assert fake.x_rules == [{"id": "1", "value": "#FridayDeals", "tag": "friday-x"}]
    youtube_calls = [query for path, query, _ in fake.requests if path.startswith("/youtube/")]
    assert youtube_calls[0]["part"] == "snippet,authorDetails" and "pageToken" not in youtube_calls[0]
    assert all("pageToken" in query for query in youtube_calls[1:])
    for secret in ("fb-token", "AIza-test", "x-token", "tw-token"):   # secrets travel in headers, never in URLs
        assert all(secret not in json.dumps(query) for _, query, _ in fake.requests), secret
    assert any(headers.get("X-Goog-Api-Key") == "AIza-test" for path, _, headers in fake.requests
               if path.startswith("/youtube/"))
    assert {c.platform: c.badges for c in feed}["youtube"] == ["member"]


def test_youtube_quota_exceeded_rate_limited_5xx_and_slow_answers_back_off_say_so_and_recover(fake):
    got, statuses = [], []
    fake.faults["youtube"] = ["quota", "rate", "5xx", "slow"]
    fake.post("youtube", "Ann", "still here?")
    runner = _runner(fake, "youtube", got.append, statuses)
    try:
        wait_until(lambda: got, 30, "the comment after the faults")
    finally:
        runner.stop()
    said = " | ".join(text for _, text in statuses)
    assert "quota exceeded (403 quotaExceeded)" in said
    assert "rate limit (403 rateLimitExceeded)" in said
    assert "YouTube answered 503" in said and "no answer from" in said
    assert "quota 5 of 10,000 units" in said or "quota" in said.split("polling every")[-1]
    assert "AIza-test" not in said


def test_youtube_budget_spreads_the_quota_over_the_planned_show():
    assert youtube.budget_interval_s(10_000, 60) == pytest.approx(1.8)
    assert youtube.budget_interval_s(10_000, 240) == pytest.approx(7.2)


def test_twitch_dropped_socket_and_reconnect_message_lose_nothing(fake):
    got, statuses = [], []
    runner = _runner(fake, "twitch", got.append, statuses)
    try:
        wait_until(lambda: fake.twitch_subscriptions, 20, "subscribed")
        fake.post("twitch", "Bo", "first")
        wait_until(lambda: len(got) == 1, 10, "first")
        fake.faults["twitch"] = ["reconnect"]
        wait_until(lambda: fake.twitch_sockets == 2, 10, "moved to the reconnect URL")
        fake.post("twitch", "Bo", "after reconnect")
        wait_until(lambda: len(got) == 2, 10, "after reconnect")
        fake.faults["twitch"] = ["drop"]
        wait_until(lambda: fake.twitch_sockets == 3, 10, "a new socket after the drop")
        fake.post("twitch", "Bo", "after drop")
        wait_until(lambda: len(got) == 3, 10, "after drop")
    finally:
        runner.stop()
    assert [c.text for c in got] == ["first", "after reconnect", "after drop"]
    assert len(fake.twitch_subscriptions) == 2   # the reconnect URL keeps them; a new session needs its own
    assert any("closed the socket" in text for _, text in statuses)


def test_x_stream_dropped_is_reopened_and_the_rule_is_not_added_twice(fake):
    got, statuses = [], []
    runner = _runner(fake, "x", got.append, statuses)
    try:
        wait_until(lambda: any("reading the filtered stream" in t for _, t in statuses), 20, "stream open")
        fake.post("x", "cara", "#FridayDeals love it")
        wait_until(lambda: len(got) == 1, 10, "first post")
        fake.drop_x_stream()
        wait_until(lambda: sum("reading the filtered stream" in t for _, t in statuses) >= 2, 20, "reopened")
        fake.post("x", "cara", "#FridayDeals again")
        wait_until(lambda: len(got) == 2, 10, "second post")
    finally:
        runner.stop()
    assert [c.author for c in got] == ["@cara", "@cara"]
    assert len(fake.x_rules) == 1


def _signed(secret, body: bytes, timestamp=None):
    timestamp = str(int(timestamp or time.time()))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Studio-Timestamp": timestamp, "X-Studio-Signature": f"v1={digest}"}


def test_inbound_takes_signed_posts_and_websocket_messages_and_refuses_the_rest():
    got, statuses = [], []
    connector = connector_for("inbound", "friday-inbound", {"listen": "127.0.0.1", "port": 0, "ws_port": 0},
                              {"secret": "s3cret"})
    runner = SourceRunner("friday-inbound", connector, got.append, lambda name, text: statuses.append(text))
    runner.start()
    try:
        wait_until(lambda: any("listening" in t for t in statuses), 10, "listening")
        url = f"http://127.0.0.1:{connector.port}/comments"
        body = json.dumps([{"id": "n1", "author": "Dee", "text": "from the shop chat", "platform": "inbound"},
                           {"chatname": "Eve", "chatmessage": "<b>SOLD</b>", "type": "tiktok"}]).encode()
        assert requests.post(url, data=body, headers=_signed("s3cret", body), timeout=5).status_code == 202
        assert requests.post(url, data=body, headers=_signed("wrong", body), timeout=5).status_code == 401
        assert requests.post(url, data=body, headers=_signed("s3cret", body, time.time() - 3600),
                             timeout=5).status_code == 401
        assert requests.post(url, data=b"x" * 70_000, headers=_signed("s3cret", b"x"), timeout=5).status_code == 413
        with connect(f"ws://127.0.0.1:{connector.ws_port}/", additional_headers=_signed("s3cret", b"websocket")) as ws:
            ws.send(json.dumps({"id": "w1", "author": "Fay", "text": "over the socket"}))
            wait_until(lambda: len(got) == 3, 10, "the socket's comment")
        with pytest.raises(Exception):
            with connect(f"ws://127.0.0.1:{connector.ws_port}/", additional_headers=_signed("nope", b"websocket")):
                pass
    finally:
        runner.stop()
    assert [(c.author, c.text, c.platform) for c in got] == [
        ("Dee", "from the shop chat", "inbound"), ("Eve", "SOLD", "inbound"), ("Fay", "over the socket", "inbound")]
    assert connector.refused >= 3


def test_twitch_without_a_token_reads_the_chat_over_irc_read_only():
    """The IRC chat as Twitch documents it: tags requested, an anonymous justinfan nick, PING/PONG, PRIVMSG."""
    from websockets.sync.server import serve

    heard, got, statuses = [], [], []

    def irc(socket):
        for _ in range(4):
            heard.append(socket.recv(timeout=5))
        socket.send("PING :tmi.twitch.tv")
        heard.append(socket.recv(timeout=5))
        socket.send("@badge-info=;badges=subscriber/12,premium/1;display-name=Bo\\sthe\\:Great;id=8d1b-42;"
                    "tmi-sent-ts=1700000000123;user-id=42 :bo!bo@bo.tmi.twitch.tv PRIVMSG #demoshop :is it SOLD?\r\n"
                    ":tmi.twitch.tv 366 justinfan1 #demoshop :End of /NAMES list")
        socket.recv(timeout=10)   # until the runner closes it

    server = serve(irc, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = {"channel": "DemoShop", "irc_url": f"ws://127.0.0.1:{server.socket.getsockname()[1]}",
                "api_base": "http://127.0.0.1:9"}
    runner = SourceRunner("friday-twitch", connector_for("twitch", "friday-twitch", settings, {}), got.append,
                          lambda name, text: statuses.append(text))
    runner.start()
    try:
        wait_until(lambda: got, 10, "the chat message")
    finally:
        runner.stop()
        server.shutdown()
    assert heard[0] == "CAP REQ :twitch.tv/tags twitch.tv/commands" and heard[2].startswith("NICK justinfan")
    assert heard[3] == "JOIN #demoshop" and heard[4] == "PONG :tmi.twitch.tv"
    comment = got[0]
    assert (comment.platform_id, comment.author, comment.text, comment.badges, comment.posted_at) == (
        "8d1b-42", "Bo the;Great", "is it SOLD?", ["subscriber", "premium"], 1700000000.123)
