"""docs/graphics.md's parameter reference is the registry's, word for word."""

from studio.core.graphics.kinds import GRAPHIC_KINDS
from studio.core.graphics.kinds_doc import DOC_PATH, parameter_reference


def test_the_documented_parameters_are_the_declared_ones():
    page = DOC_PATH.read_text(encoding="utf-8")
    assert parameter_reference() in page, "docs/graphics.md is stale: run `make docs`"


def test_the_reference_names_every_kind_and_parameter():
    reference = parameter_reference()
    for kind in GRAPHIC_KINDS.values():
        assert f"#### `{kind.name}`" in reference
        for param in kind.params:
            assert f"| `{param.name}` |" in reference
