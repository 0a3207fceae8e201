"""Which characters of a title no installed font can draw (they would air as empty boxes).

Qt falls back from the theme's font to any system font that has a glyph (Noto CJK
and Noto Color Emoji on Debian: tools/install-system-deps.sh), so the question is
asked of Qt itself: lay the character out as a graphic would and look for glyph 0,
the font's "missing" box.
"""

from __future__ import annotations

import functools
import unicodedata

# Not drawn on their own: spaces, controls, joiners, variation selectors and other format characters.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def _skipped(ch: str) -> bool:
    return (unicodedata.category(ch) in _INVISIBLE_CATEGORIES
            or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")


@functools.cache
def _checker():
    # Imported here so catalog imports that never ask load no Qt at all.
    from PySide6.QtGui import QTextLayout

    from studio.core.graphics.painting import make_font
    from studio.core.graphics.qt_runtime import ensure_gui_app
    from studio.core.graphics.resources import load_bundled_fonts
    from studio.core.graphics.theme import load_theme

    ensure_gui_app()
    load_bundled_fonts()
    font = make_font(load_theme(), 32)

    @functools.cache
    def drawable(ch: str) -> bool:
        # A combining mark is checked on a base letter, as it would appear in a title.
        text = f"o{ch}" if unicodedata.combining(ch) else ch
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())

    return drawable


def undrawable_characters(text: str) -> str:
    """The distinct characters of `text` that no available font has, in order of appearance."""
    drawable = _checker()
    return "".join(ch for ch in dict.fromkeys(text) if not _skipped(ch) and not drawable(ch))


def _describe(characters: str) -> str:
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in characters[:3]) + \
        (f" and {len(characters) - 3} more" if len(characters) > 3 else "")


MAX_PRODUCT_WARNINGS = 5


def on_air_warnings(products) -> list[str]:
    """What would air wrong for imported products (catalog ProductRecords): one line per problem kind.

    Products without a page URL get no QR code; titles or options with characters no
    font can draw would show empty boxes.
    """
    warnings = []
    no_url = [product.handle for product in products if not (product.url or "").strip()]
    if no_url:
        shown = ", ".join(no_url[:MAX_PRODUCT_WARNINGS]) + (f" and {len(no_url) - MAX_PRODUCT_WARNINGS} more"
                                                            if len(no_url) > MAX_PRODUCT_WARNINGS else "")
        warnings.append(f"{len(no_url)} product(s) have no product page URL, so their cards show no QR code "
                        f"(add a url column or --store-url): {shown}")
    try:
        boxes = []
        for product in products:
            texts = [product.title] + [" ".join(getattr(variant, "options", None) or []) for variant in product.variants]
            missing = undrawable_characters("".join(texts))
            if missing:
                boxes.append(f"{product.handle} ({_describe(missing)})")
    except (ImportError, RuntimeError) as error:  # no usable Qt: the import itself must not fail for it
        return warnings + [f"could not check titles against the installed fonts ({error})"]
    if boxes:
        more = f" and {len(boxes) - MAX_PRODUCT_WARNINGS} more" if len(boxes) > MAX_PRODUCT_WARNINGS else ""
        warnings.append(f"{len(boxes)} product(s) have characters no installed font can draw (they would air as "
                        f"empty boxes): {'; '.join(boxes[:MAX_PRODUCT_WARNINGS])}{more}")
    return warnings
