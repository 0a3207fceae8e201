"""Requests at the edges of their fields answer a 400-class status naming the field, never 702 (issue 21)."""

from __future__ import annotations

import os
import re

import pytest

from studio.wire.client import ControlError
from studio.wire.protocol import Status

pytestmark = pytest.mark.slow

HUGE = 2 ** 63
# Past 64 bits either way (below -2^63, above 2^64-1) the gateway's edge refuses the message before it
# is parsed (studio.wire.text_safety: 400, the field's path named); between 2^63 and 2^64-1 it reaches
# parse_command, which refuses it as out of range (402) naming the field.
CARRIED_BY_CODECS = range(-(2 ** 63), 2 ** 64)


def _expected_codes(value: int) -> set[int]:
    if value in CARRIED_BY_CODECS:
        return {Status.REQUEST_FIELD_OUT_OF_RANGE}
    return {Status.INVALID_REQUEST_FIELD, Status.REQUEST_FIELD_OUT_OF_RANGE}


def _refused(client, name: str, data: dict) -> ControlError:
    with pytest.raises(ControlError) as caught:
        client.vendor(name, data)
    return caught.value


@pytest.mark.parametrize("field, value", [("offset", HUGE), ("offset", 10 ** 30), ("limit", HUGE),
                                          ("offset", -HUGE - 1), ("offset", 2 ** 62)])
def test_get_catalog_with_huge_offset_or_limit_is_out_of_range(engine, field, value):
    with engine.client() as client:
        error = _refused(client, "GetCatalog", {field: value})
        assert error.code in _expected_codes(value), error.comment
        assert field in error.comment
        assert client.vendor("GetCatalog", {"limit": 1})["total"] > 0  # the connection and the engine go on


@pytest.mark.parametrize("name, data, field", [
    ("SetStock", {"sku": "TV-55-4K", "stock": HUGE}, "stock"),
    ("JumpToSegment", {"index": 2 ** 64 - 1}, "index"),
    ("JumpToSegment", {"index": -(2 ** 70)}, "index"),
    ("SetGain", {"gain_db": 2 ** 63 + 5}, "gain_db"),       # a float field given an integer
    ("SetGain", {"gain_db": 10 ** 400}, "gain_db"),          # ... past float range (OverflowError in float())
    ("StartCountdown", {"duration_s": 10 ** 309}, "duration_s"),
])
def test_any_integer_past_int64_is_refused_with_the_field_named(engine, name, data, field):
    with engine.client() as client:
        error = _refused(client, name, data)
    assert error.code in _expected_codes(data[field]), error.comment
    assert field in error.comment


def test_a_device_or_fifo_as_a_file_source_is_not_a_regular_file(engine, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with engine.client() as client:
        for path in ("/dev/zero", str(fifo), str(tmp_path)):
            error = _refused(client, "SetVideoSource", {"spec": f"file:{path}"})
            assert error.code == Status.INVALID_REQUEST_FIELD, error.comment
            assert "not a regular file" in error.comment and "no such file" not in error.comment, error.comment
        missing = _refused(client, "SetVideoSource", {"spec": f"file:{tmp_path / 'gone.mp4'}"})
        assert "no such file" in missing.comment


def test_a_10_kb_file_spec_is_a_clear_path_too_long(engine):
    with engine.client() as client:
        # past the spec's declared length: refused at parsing, naming the limit
        error = _refused(client, "SetVideoSource", {"spec": "file:/tmp/" + "a" * 10_000})
        assert error.code == Status.REQUEST_FIELD_OUT_OF_RANGE and "'spec'" in error.comment, error.comment
        assert re.search(r"at most \d+", error.comment) and len(error.comment) < 300, error.comment
        # within it, a name longer than the file system takes: the OS's limit, named
        error = _refused(client, "SetVideoSource", {"spec": "file:/tmp/" + "a" * 300 + "/clip.mp4"})
        assert error.code == Status.INVALID_REQUEST_FIELD, error.comment
        assert "path too long" in error.comment and re.search(r"\d+ bytes per name", error.comment), error.comment
        assert len(error.comment) < 300, "the comment names the limit, not the whole path"
        assert client.vendor("GetShowState")["sources"]["video"] == "test"
