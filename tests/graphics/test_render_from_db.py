"""`studio render --db/--show`: any imported product, any kind with its parameters, the QR as on air."""

from __future__ import annotations

import cv2
import pytest

from studio import cli
from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.live_show import campaign_tag
from studio.core.show.catalog_store import apply_import
from studio.core.show.db import open_database
from studio.core.show.importers import load_catalog
from studio.core.show.rundown import Segment, add_segment, create_show
from studio.core.show_graphics import ShowGraphicsTarget

PLAIN_CSV = (
    "sku,title,price,url\n"
    "MUG-1,Stoneware Mug,12.50,https://pottery.example/p/mug?ref=catalog\n"
    "BOWL-1,Stoneware Bowl,18.00,\n"
)


@pytest.fixture(autouse=True)
def only_render_command(monkeypatch):
    monkeypatch.setattr(cli, "COMMAND_MODULES", ["studio.commands.render"])


@pytest.fixture
def imported_db(tmp_path):
    path = tmp_path / "studio.db"
    csv_path = tmp_path / "pottery.csv"
    csv_path.write_text(PLAIN_CSV, encoding="utf-8")
    db = open_database(path)
    apply_import(db, load_catalog(str(csv_path)), None)
    create_show(db, "Friday Deals")
    add_segment(db, "Friday Deals", Segment("product", 60, sku="MUG-1"))
    yield path, db
    db.close()


class Recording:
    def __init__(self):
        self.shown = {}

    def show(self, kind, data):
        self.shown[kind] = data

    def warm_qr_codes(self, texts):
        pass


def qr_text(path) -> str:
    return cv2.QRCodeDetector().detectAndDecode(cv2.imread(str(path)))[0]


def test_renders_an_imported_product_with_the_same_qr_url_as_on_air(imported_db, tmp_path):
    path, db = imported_db
    out = tmp_path / "card.png"
    assert cli.main(["render", "card", "--db", str(path), "--show", "Friday Deals", "--product", "MUG-1",
                     "--canvas", "1280x720", "--out", str(out)]) == 0
    on_air = Recording()
    target = ShowGraphicsTarget(on_air, db, utm_campaign=campaign_tag("Friday Deals"))
    target.take_product("MUG-1")
    target.show_graphic("card", {})
    assert qr_text(out) == on_air.shown["card"].qr_url
    assert qr_text(out).startswith("https://pottery.example/p/mug?ref=catalog&utm_source=")
    assert "utm_campaign=friday-deals" in qr_text(out)


def test_a_product_without_a_url_has_no_qr_code(imported_db, tmp_path):
    path, _ = imported_db
    out = tmp_path / "card.png"
    assert cli.main(["render", "card", "--db", str(path), "--product", "BOWL-1", "--canvas", "1280x720",
                     "--out", str(out)]) == 0
    picture = cv2.imread(str(out))
    assert not cv2.QRCodeDetector().detect(picture)[0]


def test_params_change_the_picture_and_are_validated(imported_db, tmp_path, capsys):
    path, _ = imported_db
    pictures = []
    for params in ("{}", '{"text": "Only 3 left"}'):
        out = tmp_path / f"callout{len(pictures)}.png"
        assert cli.main(["render", "callout", "--db", str(path), "--product", "MUG-1", "--params", params,
                         "--canvas", "640x360", "--out", str(out)]) == 0
        pictures.append(cv2.imread(str(out)))
    assert (pictures[0] != pictures[1]).any()
    assert cli.main(["render", "lower_third", "--db", str(path), "--params", '{"name": "Maya", "title": "Host"}',
                     "--out", str(tmp_path / "lt.png")]) == 0


def test_the_demo_catalog_file_still_works(tmp_path):
    out = tmp_path / "card.png"
    assert cli.main(["render", "card", "--catalog", str(DEMO_CATALOG_PATH), "--product", "TV-55-4K",
                     "--canvas", "1280x720", "--out", str(out)]) == 0
    assert qr_text(out).startswith("https://demo-shop.example/products/tv-55-4k?")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["callout", "--product", "MUG-1", "--params", '{"bogus": 1}'], "callout: unknown parameter 'bogus' (allowed: text, sku)"),
        (["callout", "--product", "MUG-1", "--params", '{"text": NaN}'], "parameter 'text' must be text"),
        (["callout", "--product", "MUG-1", "--params", "[1"], "--params '[1': not a JSON object"),
        (["lower-third"], "lower_third: parameter 'name' is required"),
        (["card", "--product", "NOPE"], "product 'NOPE': no such SKU in database"),
        (["card", "--product", "MUG-1", "--show", "Nope"], "Nope"),
        (["card"], "render card: --product SKU is required"),
        (["countdown", "--remaining", "nan"], "--remaining nan: must be a number of seconds between 0 and"),
        (["countdown", "--remaining", "inf"], "--remaining inf"),
        (["countdown", "--remaining", "1e308"], "--remaining 1e308"),
        (["countdown", "--remaining", "-1"], "--remaining -1"),
        (["card", "--product", "MUG-1", "--canvas", "99999999999999999999x1080"], "size '99999999999999999999x1080'"),
        (["sparkles"], "'sparkles'"),
    ],
)
def test_bad_input_is_one_clear_line(imported_db, tmp_path, capsys, arguments, message):
    path, _ = imported_db
    capsys.readouterr()
    assert cli.main(["render", *arguments, "--db", str(path), "--out", str(tmp_path / "x.png")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error, error
    assert not (tmp_path / "x.png").exists()
