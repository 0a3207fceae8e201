"""An import says, one line each, what would air wrong: no page URL (no QR), characters no font draws."""

from __future__ import annotations

from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog

CSV = (
    "sku,title,price,url\n"
    "C1,电视机,100,https://shop.example/tv\n"
    "C2,Kühlschrank 🔥,200,\n"
    "C3,Lamp \U000F0001\U000F0002,30,\n"
)


def test_products_without_a_url_and_undrawable_titles_are_each_one_warning_line(db, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(CSV, encoding="utf-8")
    summary = apply_import(db, load_catalog(str(path)), None)
    no_url = [w for w in summary.warnings if "no product page URL" in w]
    boxes = [w for w in summary.warnings if "no installed font can draw" in w]
    assert len(no_url) == 1 and no_url[0].startswith("2 product(s)") and "no QR code" in no_url[0]
    assert len(boxes) == 1 and "U+F0001" in boxes[0] and "U+F0002" in boxes[0]
    assert "电视机" not in boxes[0] and "🔥" not in " ".join(boxes)
    assert all("\n" not in warning for warning in summary.warnings)


def test_the_cli_prints_the_warning(cli, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("sku,title,price\nB1,Bowl,18\n", encoding="utf-8")
    code, out, err = cli("catalog", "import", str(path))
    assert code == 0
    assert err.count("no product page URL") == 1 and "studio: warning:" in err
