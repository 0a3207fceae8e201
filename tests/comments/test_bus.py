"""The comment bus: deduplicated, moderated, stored per show, searchable; claims handed on."""

import json
import threading

from studio.cli import main
from studio.gateway.comments import store
from studio.gateway.comments.bus import CommentBus
from studio.gateway.comments.model import normalised
from tests.fixtures.engine import install_show, wait_until


def _bus(db_path):
    seen, claims = [], []
    done = threading.Event()
    bus = CommentBus(db_path, "friday", lambda batch: (seen.extend(batch), done.set()),
                     lambda comment, claim: claims.append((comment.text, claim)))
    return bus, seen, claims


def test_duplicates_dropped_blocked_hidden_claims_found_and_searchable(tmp_path, capsys):
    db_path = install_show(tmp_path, "friday")
    conn = store.connect(db_path)
    show = store.show_id(conn, "friday")
    store.save_rules(conn, show, store.Rules(blocked_words=["spam"]))
    bus, seen, claims = _bus(db_path)
    bus.start()
    try:
        for platform_id, text in (("a", "Is it 4K?"), ("b", "SOLD"), ("a", "Is it 4K?"), ("c", "buy spam now")):
            bus.put(normalised("youtube", platform_id, "Ann", text, 1_700_000_000 + ord(platform_id)))
        bus.put(normalised("twitch", "a", "Bo", "same id, other platform", 1_700_000_010))
        wait_until(lambda: bus.stats()["stored"] == 4, 10, "four comments stored")
    finally:
        bus.stop()
    assert [c.text for c in seen] == ["Is it 4K?", "SOLD", "same id, other platform"]
    assert bus.stats()["duplicates"] == 1 and bus.stats()["blocked"] == 1
    assert [text for text, _ in claims] == ["SOLD"]
    assert bus.newest(questions_only=True).text == "Is it 4K?"

    assert main(["comments", "show", "--show", "friday", "--json", "--search", "4k", "--db", str(db_path)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(c["platform"], c["author"], c["text"], c["question"]) for c in found] == [("youtube", "Ann", "Is it 4K?", True)]
    assert main(["comments", "show", "--show", "friday", "--db", str(db_path)]) == 0
    assert "buy spam now" in capsys.readouterr().out          # kept (hidden), for the record
