"""The graphic-kind registry: one declaration per kind, and every input validated against it."""

from __future__ import annotations

import dataclasses

import pytest

from studio.core.graphics.kinds import GRAPHIC_KINDS, Sku, validate_graphic_params
from studio.core.show.cues import cue_from_json, parse_cue_text
from studio.errors import UserInputError


def test_every_kind_declares_params_data_renderer_and_a_distinct_z_order():
    assert set(GRAPHIC_KINDS) == {"card", "callout", "countdown", "lower_third", "ticker", "logo", "comment", "slate",
                                  "sold_counter", "low_stock"}
    assert len({kind.z for kind in GRAPHIC_KINDS.values()}) == len(GRAPHIC_KINDS)
    for kind in GRAPHIC_KINDS.values():
        assert dataclasses.is_dataclass(kind.data_type)
        assert ":" in kind.renderer
        for param in kind.params:
            assert param.description and param.type in (str, bool, float, Sku)


def test_a_graphic_showing_one_product_refers_to_it_by_sku():
    """Graphics refer to products (issue 22): the card and the price callout name a SKU, never a price."""
    assert {name for name, kind in GRAPHIC_KINDS.items() if kind.product_params} == \
        {"card", "callout", "sold_counter", "low_stock"}
    for kind in ("card", "callout", "sold_counter", "low_stock"):
        assert GRAPHIC_KINDS[kind].product_params == ("sku",)


def test_defaults_are_filled_and_given_values_kept():
    assert validate_graphic_params("callout", {}) == {"text": "NOW", "sku": None}
    assert validate_graphic_params("callout", {"text": "Only 3 left"}) == {"text": "Only 3 left", "sku": None}
    assert validate_graphic_params("lower_third", {"name": "Maya"}) == {"name": "Maya", "title": ""}
    assert validate_graphic_params("slate", {}) == {"headline": "We'll be right back", "detail": ""}


@pytest.mark.parametrize(
    ("kind", "params", "words"),
    [
        ("callout", {"bogus_param": 1}, ["'bogus_param'", "allowed: text, sku"]),
        ("callout", {"label": "Now!"}, ["'label'", "allowed: text, sku"]),
        ("lower_third", {"text": "Welcome"}, ["'text'", "allowed: name, title"]),
        ("lower_third", {"title": "Host"}, ["'name' is required", "name, title"]),
        ("slate", {"headline": 5}, ["'headline'", "text", "headline, detail"]),
        ("logo", {"live": "yes"}, ["'live'", "true or false"]),
        ("comment", {"name": "A", "txet": "hi"}, ["'txet'", "did you mean 'text'"]),
        ("ticker", [], ["parameters must be an object"]),
        ("sparkles", {}, ["'sparkles'", "card, callout, countdown"]),
    ],
)
def test_bad_params_are_refused_naming_them_and_listing_the_allowed(kind, params, words):
    with pytest.raises(UserInputError) as error:
        validate_graphic_params(kind, params)
    message = str(error.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_cues_validate_their_params_against_the_registry():
    with pytest.raises(UserInputError, match=r"cue 'callout@5 .*'bogus_param'.*allowed: text, sku"):
        parse_cue_text('callout@5 {"bogus_param": 1}')
    with pytest.raises(UserInputError, match=r"segment 2\.cues\[0\]: lower_third: unknown parameter 'text'"):
        cue_from_json({"kind": "lower_third", "offset_s": 2, "params": {"text": "Hi"}}, "segment 2.cues[0]")
    cue = parse_cue_text('callout@45+10 {"text": "Only 3 left"}')
    assert cue.params == {"text": "Only 3 left"}


def test_a_hide_cue_takes_no_params():
    with pytest.raises(UserInputError, match="a hide cue takes no parameters"):
        parse_cue_text('hide:card@5 {"sku": "X"}')


def test_rundown_import_refuses_a_cue_with_an_unknown_param(db, tmp_path):
    import json

    from studio.core.show.rundown_io import FORMAT, VERSION, import_rundown

    text = json.dumps({"format": FORMAT, "version": VERSION, "show": {"name": "friday"}, "segments": [
        {"kind": "opening", "planned_duration_s": 30,
         "cues": [{"kind": "lower_third", "offset_s": 2, "params": {"text": "Welcome"}}]}]})
    with pytest.raises(UserInputError, match=r"segments\[0\]\.cues\[0\]: lower_third: unknown parameter 'text' "
                                             r"\(allowed: name, title\)"):
        import_rundown(db, text, "friday.json")
    assert list(db.query("SELECT * FROM shows")) == []
