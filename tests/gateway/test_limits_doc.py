"""docs/control.md's Limits table is the one in studio/gateway/limits.py, and every limit is documented."""

from studio.gateway import limits
from studio.gateway.limits_doc import DOC_PATH, limits_table


def test_every_limit_constant_is_documented():
    constants = {name for name, value in vars(limits).items()
                 if name.isupper() and isinstance(value, (int, float)) and not isinstance(value, bool)}
    assert constants == set(limits.LIMIT_DOCS)


def test_the_page_shows_the_declared_limits():
    assert limits_table() in DOC_PATH.read_text(encoding="utf-8"), "run `make docs`"
