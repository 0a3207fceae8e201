"""Claims and blocks read off a comment under the show's rules, in any case."""

import pytest

from studio.gateway.comments.rules import Claim, blocked_reason, claim_in
from studio.gateway.comments.store import Rules

RULES = Rules(blocked_words=["spam"], blocked_authors=["Troll"], keywords={"kettle": "KET-STEEL"})


@pytest.mark.parametrize("text, claim", [
    ("SOLD", Claim("", 1)), ("sold!", Claim("", 1)), ("Claim please", Claim("", 1)), ("mine mine", Claim("", 1)),
    ("#TV-55-4K", Claim("TV-55-4K", 1)), ("want 2", Claim("", 2)), ("WANT 3 #HP-NC-BLK", Claim("HP-NC-BLK", 3)),
    ("the Kettle please", Claim("KET-STEEL", 1)), ("sold x2", Claim("", 2)),
    ("I want to know the size", None), ("soldier", None), ("what a claimant", None), ("want 500", None),
])
def test_claims(text, claim):
    assert claim_in(text, RULES) == claim


def test_blocked_words_and_authors_in_any_case():
    assert blocked_reason("troll", "hello", RULES) == "author"
    assert blocked_reason("Ann", "SPAM here", RULES) == "word"
    assert blocked_reason("Ann", "spammy", RULES) is None
