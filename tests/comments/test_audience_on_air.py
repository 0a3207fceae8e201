"""The audience on a real engine, read off its recording: sources start with the engine and can be
added live; a featured comment airs at the frame its answer and the as-run log name; a "SOLD" comment
for the product on air holds one unit, the card's stock drops on the frame the claim names, and the
hold expires and gives it back on the frame the expiry names; the claims export as CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import time

import numpy as np
import pytest
import requests

from studio.core.graphics.layouts import layout_for
from studio.core.graphics.theme import load_theme
from studio.core.show.asrun import load_events
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from tests.comments.fake_platforms import FakePlatforms
from tests.comments.test_connectors import _signed
from tests.fixtures.engine import install_show, studio_cli, user_env, wait_until
from tests.fixtures.recorded_frames import decoded, on_air_at, still_picture_input, switch_frame, wait_until_recorded

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
W, H, SKU = 640, 360, "TV-55-4K"


def _cli_with_secret(monkeypatch, root, secret: str, *args: str) -> None:
    for name, value in user_env(root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    studio_cli(root / "studio.db", *args)


def _box(kind: str, minus: str | None = None) -> tuple[slice, slice]:
    layout = layout_for(W, H, load_theme())
    box = layout[kind]
    top, bottom = box.y, box.y + box.height
    if minus is not None:
        other = layout[minus]
        bottom = min(bottom, other.y) if other.y > box.y else bottom
    return slice(top, bottom), slice(box.x, box.x + box.width)


def _stock_box() -> tuple[slice, slice]:
    """The card's stock line (studio/core/graphics/card.py: under the 180-unit picture, 48 units high)."""
    card = layout_for(W, H, load_theme())["card"]
    u = card.height / 300
    top = card.y + round((20 + 180 + 14) * u)
    return slice(top, top + round(48 * u)), slice(card.x + round(20 * u), card.x + round(200 * u))


def _first_changed(frames, box, old: int, new: int) -> int:
    """The first frame after `old` where the box shows something new (its entrance slides in: the first
    frame of the fade counts): over 5% of its pixels changed by more than 10 levels (the picture under it is still)."""
    for index in sorted(i for i in frames if old < i <= new):
        changed = np.abs(frames[index][box].astype(np.int16) - frames[old][box]).max(axis=2) > 10
        if changed.mean() > 0.05:
            return index
    raise AssertionError("the comment never appeared")


def test_comments_feature_and_claims_on_air(engine_factory, monkeypatch, tmp_path):
    root = tmp_path / "engine"
    install_show(root, "friday")
    (root / "config").mkdir(parents=True, exist_ok=True)
    _cli_with_secret(monkeypatch, root, "shop-secret", "comments", "add", "inbound", "--show", "friday", "--name", "shop",
                     "--secret-stdin")
    studio_cli(root / "studio.db", "comments", "rules", "--show", "friday", "--hold", "3")   # long enough that `mid` falls inside the hold on a loaded machine
    fake = FakePlatforms(polling_ms=300)
    engine = engine_factory("--size", f"{W}x{H}", "--input", still_picture_input(tmp_path / "still.png", W, H),
                            "--record", "{root}/rec.mkv", show="friday", root=root)
    try:
        _run_show(engine, fake, monkeypatch, root)
    finally:
        fake.close()
    assert engine.stop() == 0, engine.log()
    _check_recording(engine)
    stored = b"".join(path.read_bytes() for path in root.glob("studio.db*"))
    for secret in ("shop-secret", "AIza-test"):   # in the key store only: never the log, the database or argv
        assert secret not in engine.log() and secret.encode() not in stored, secret


def _run_show(engine, fake, monkeypatch, root):
    with engine.client() as client:
        claims, feed = [], []
        client.on_event(lambda kind, data: kind == "ClaimChanged" and claims.append(data))
        client.on_event(lambda kind, data: kind == "CommentsReceived" and feed.extend(data["comments"]))
        wait_until(lambda: any("listening on" in s["status"] for s in client.vendor("GetComments")["sources"]), 30,
                   "the inbound source, started with the engine")
        status = next(s["status"] for s in client.vendor("GetComments")["sources"] if s["name"] == "shop")
        url = status.split("listening on ")[1].split(" ")[0]
        # added live: a YouTube chat (the local fake) joins the running show within seconds
        _cli_with_secret(monkeypatch, root, "AIza-test", "comments", "add", "youtube", "--show", "friday",
                         "--live-chat-id", "chat-1", "--api-key-stdin", "--api-base", fake.base)
        fake.post("youtube", "Yu", "Is the remote included?")
        wait_until(lambda: any(c["platform"] == "youtube" for c in feed), 30, "the live-added YouTube source's comment")

        client.request("StartRecord")
        wait_until_recorded(client)
        client.vendor("TakeProduct", {"sku": SKU})
        time.sleep(1.5)
        stock = client.vendor("GetShowState")["program"]["stock"]
        before_claim = client.vendor("GetShowState")["frame"]
        body = json.dumps([{"id": "q1", "author": "Ann", "text": "Does it have HDMI 2.1?"},
                           {"id": "s1", "author": "Bo", "text": "SOLD"}]).encode()
        assert requests.post(url, data=body, headers=_signed("shop-secret", body), timeout=5).status_code == 202
        wait_until(lambda: claims, 20, "the claim")
        assert (claims[0]["state"], claims[0]["sku"], claims[0]["stock_left"], claims[0]["claimed"]) == \
            ("reserved", SKU, stock - 1, 1)
        assert client.vendor("GetShowState")["program"]["stock"] == stock - 1
        time.sleep(0.5)
        mid = client.vendor("GetShowState")["frame"]
        wait_until(lambda: len(claims) == 2, 20, "the hold's expiry")
        assert claims[1]["state"] == "expired" and claims[1]["stock_left"] == stock
        time.sleep(0.3)
        question = next(c for c in feed if c["author"] == "Ann")
        assert question["question"] and not next(c for c in feed if c["author"] == "Bo")["question"]
        before_feature = client.vendor("GetShowState")["frame"]
        done = engine.control("comment", "feature", str(question["id"]))     # as a Stream Deck's script would
        assert done.returncode == 0, done.stderr
        featured = json.loads(done.stdout)
        time.sleep(1.0)
        last = client.vendor("GetShowState")["frame"]
        newest = client.vendor("FeatureNewestQuestion")
        assert newest["id"] == question["id"]
    _marks.update(before_claim=before_claim, mid=mid, before_feature=before_feature, last=last,
                  claimed=claims[0]["frame"], expired=claims[1]["frame"], featured=featured["frame"],
                  comment_id=question["id"])


_marks: dict = {}


def _check_recording(engine):
    marks = _marks
    frames = decoded(engine.root / "rec.mkv", on_air_at(engine.db_path))
    at = lambda frame: max(index for index in frames if index <= frame)   # noqa: E731
    card = _stock_box()
    assert marks["claimed"] <= marks["mid"] < marks["expired"] <= marks["before_feature"], marks
    assert switch_frame(frames, card, at(marks["before_claim"]), at(marks["mid"]), "card (claimed)") == marks["claimed"]
    assert switch_frame(frames, card, at(marks["mid"]), at(marks["before_feature"]), "card (released)") == marks["expired"]
    comment = _box("comment", minus="card")
    assert _first_changed(frames, comment, at(marks["before_feature"]), at(marks["last"])) == marks["featured"]

    db = open_database(engine.db_path)
    try:
        _, events = load_events(db, get_show(db, "friday").id)
    finally:
        db.close()
    featured = [event["details"] for event in events if event["event"] == "comment_featured"]
    assert featured[0]["frame"] == marks["featured"] and featured[0]["comment_id"] == marks["comment_id"]
    assert featured[0]["params"]["platform"] == "Chat"

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        from studio.cli import main
        assert main(["comments", "claims", "--show", "friday", "--format", "csv", "--db", str(engine.db_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["author"], r["platform"], r["sku"], r["quantity"], r["state"]) for r in rows] == [
        ("Bo", "inbound", SKU, "1", "expired")]
