"""docs/store.md's tables are the declarations' (store events, store page limits)."""

from studio.gateway.store_doc import DOC_PATH, events_table, limits_table


def test_the_store_page_holds_the_declared_events_and_limits():
    page = DOC_PATH.read_text(encoding="utf-8")
    assert events_table() in page and limits_table() in page, "docs/store.md is stale: run `make docs`"
