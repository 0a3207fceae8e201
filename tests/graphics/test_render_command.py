"""`studio render`, through the real command-line entry point."""

import json

import cv2
import pytest

from studio import cli
from studio.core.graphics.kinds import GRAPHIC_KINDS
from studio.core.graphics.product_view import DEMO_CATALOG_PATH


@pytest.fixture(autouse=True)
def only_render_command(monkeypatch):
    # Other branches own other commands; parse with ours alone so this test does not depend on them.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ["studio.commands.render"])


def test_renders_a_card_png(tmp_path, capsys):
    out = tmp_path / "card.png"
    assert cli.main(["render", "card", "--catalog", str(DEMO_CATALOG_PATH), "--product", "TV-55-4K", "--canvas", "1280x720",
                     "--out", str(out)]) == 0
    picture = cv2.imread(str(out))
    assert picture.shape == (720, 1280, 3)
    assert cv2.QRCodeDetector().detectAndDecode(picture)[0].startswith("https://demo-shop.example/products/tv-55-4k?")


@pytest.mark.parametrize("graphic", ["callout", "countdown", "lower-third", "ticker", "logo", "comment", "slate"])
def test_renders_every_graphic(graphic, tmp_path):
    out = tmp_path / f"{graphic}.png"
    params = json.dumps(dict(GRAPHIC_KINDS[graphic.replace("-", "_")].example))
    assert cli.main(["render", graphic, "--catalog", str(DEMO_CATALOG_PATH), "--product", "KET-STEEL", "--params", params,
                     "--canvas", "640x360", "--theme", "daylight", "--out", str(out)]) == 0
    assert cv2.imread(str(out)).shape == (360, 640, 3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["card", "--product", "NOPE"], "product 'NOPE': no such SKU"),
        (["card"], "render card: --product SKU is required"),
        (["card", "--product", "TV-55-4K", "--theme", "neon"], "theme 'neon': no such theme"),
        (["card", "--product", "TV-55-4K", "--canvas", "big"], "size 'big': expected WIDTHxHEIGHT"),
        (["card", "--product", "TV-55-4K", "--canvas", "1281x720"], "must be even"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(arguments, message, tmp_path, capsys):
    assert cli.main(["render", *arguments, "--catalog", str(DEMO_CATALOG_PATH), "--out", str(tmp_path / "x.png")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error
    assert not (tmp_path / "x.png").exists()
