"""Hostile comment text is made harmless before it reaches the store, a client, a log or a renderer."""

import json

import msgpack

from studio.gateway.comments.model import normalised
from studio.gateway.comments.sanitise import MAX_COMMENT_CHARS, clean_text
from studio.wire.text_safety import fit


def test_control_characters_bidi_overrides_and_zero_width_are_gone():
    text = clean_text("price\x00\x07 is\u202e 01$\u202c ok\u200b\u2066x\u2069\r\nnext\x1b[31mred")
    assert text == "price is 01$ okx next[31mred"


def test_a_lone_surrogate_becomes_a_replacement_character_and_every_codec_takes_the_result():
    text = clean_text("hi \ud800 there \udfff")
    assert text == "hi \ufffd there \ufffd"
    json.dumps(text, ensure_ascii=False).encode("utf-8")
    msgpack.packb(text)


def test_html_is_text_not_markup():
    assert clean_text("<script>alert(1)</script><b>SOLD</b> &amp; &lt;i&gt;x&lt;/i&gt;") == "alert(1) SOLD & x"


def test_a_10_kb_comment_is_cut_with_an_ellipsis():
    text = clean_text("word " * 2048)
    assert len(text) <= MAX_COMMENT_CHARS and text.endswith("…")


def test_a_zalgo_tower_keeps_two_marks_per_letter_and_emoji_sequences_stay_whole():
    zalgo = clean_text("q" + "\u0336\u0353\u0354\u0355\u0356" * 20 + "a")
    assert len(zalgo) == 4 and zalgo[0] == "q" and zalgo[-1] == "a"
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean_text(f"love it {family} \U0001F44D\U0001F3FD") == f"love it {family} \U0001F44D\U0001F3FD"
    cut = fit("ab " + family * 3, 6)
    assert cut.endswith("…") and not cut[:-1].endswith("\u200d")


def test_a_normalised_comment_has_every_field_cleaned_and_questions_marked():
    comment = normalised("youtube", "id\x00", "\u202eevil\u202c<b>", "Does it work on induction?", 1_700_000_000,
                         badges=["moderator"] * 20)
    assert (comment.author, comment.platform_id, comment.question) == ("evil", "id", True)
    assert len(comment.badges) == 8
    assert normalised("x", "1", "", "SOLD", None).author == "(no name)"
