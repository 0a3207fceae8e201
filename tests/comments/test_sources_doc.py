from studio.gateway.comments import sources_doc


def test_docs_comments_md_holds_the_declared_sources():
    page = sources_doc.DOC_PATH.read_text(encoding="utf-8")
    assert sources_doc.sources_table() in page, "docs/comments.md is stale: run `make docs`"
