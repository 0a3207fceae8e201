"""The show-data commands end to end, as a producer types them."""

from __future__ import annotations

import json

import pytest

from studio.core.show.asrun import AsRunLog
from studio.core.show.db import open_database
from studio.core.show.player import RundownPlayer
from studio.core.show.rundown import get_show
from tests.show.conftest import REPO
from tests.show.test_rundown_player import RecordingTarget


def test_producer_workflow(cli, db_path, tmp_path):
    assert cli("catalog", "import", REPO / "assets" / "demo_catalog.json")[0] == 0
    code, out, _ = cli("catalog", "import", REPO / "assets" / "demo_catalog.json")
    assert "0 created, 0 updated, 6 unchanged" in out
    code, out, _ = cli("catalog", "list")
    assert "HOOD-BRN-L" in out and "Brown / L" in out

    assert cli("show", "create", "friday", "--title", "Friday Deals")[0] == 0
    for args in (
        ["--kind", "opening", "--duration", "30", "--cue", "logo@0", "--cue", 'lower_third@2+8 {"name": "Welcome"}'],
        ["--kind", "product", "--duration", "1:30", "--sku", "TV-55-4K", "--talking-point", "HDR10+", "--cue", "card@0"],
        ["--kind", "flash_deal", "--duration", "1m", "--product", "hoodie-classic", "--cue", "countdown@10+30"],
        ["--kind", "closing", "--duration", "20", "--at", "1"],
    ):
        code, out, err = cli("rundown", "add", "friday", *args)
        assert code == 0, err
    assert cli("rundown", "move", "friday", "1", "4")[0] == 0
    code, out, _ = cli("show", "show", "friday")
    assert out.splitlines()[1].startswith("  1. 0:00 +0:30  opening")
    assert "total 3:20" in out
    code, out, _ = cli("show", "export", "friday", "--format", "youtube", "--planned")
    assert out == '0:00 Opening\n0:30 Product: 55" 4K Smart TV\n2:00 Flash deal: Classic Heavyweight Hoodie\n3:00 Closing\n'

    rundown_file = tmp_path / "friday.json"
    assert cli("rundown", "export", "friday", "-o", rundown_file)[0] == 0
    assert cli("rundown", "import", rundown_file, "--name", "template")[0] == 0
    assert cli("show", "duplicate", "friday", "saturday")[0] == 0
    assert cli("rundown", "remove", "saturday", "2")[0] == 0
    code, out, _ = cli("show", "list", "--json")
    assert {(s["name"], s["segments"]) for s in json.loads(out)} == {("friday", 4), ("template", 4), ("saturday", 3)}

    code, out, _ = cli("catalog", "set-price", "TV-55-4K", "279", "--compare-at", "449")
    assert out.strip() == "TV-55-4K: 279 USD (was 449)"
    assert cli("catalog", "set-stock", "TV-55-4K", "12")[0] == 0

    db = open_database(db_path)
    log = AsRunLog(db, get_show(db, "friday").id)
    player = RundownPlayer(db, "friday", RecordingTarget(), log)
    for frame in range(0, 201 * 30):
        player.tick(frame / 30)
    log.record("stop", 201.0)
    code, out, _ = cli("show", "export", "friday", "--format", "csv")
    assert "product,,\"55\"\" 4K Smart TV\",,TV-55-4K,,,,,90.0,279,12" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rundown", "add", "nope", "--kind", "break", "--duration", "10"], "no show named 'nope'"),
        (["rundown", "add", "s", "--kind", "break", "--duration", "ten"], "--duration 'ten'"),
        (["rundown", "add", "s", "--kind", "break", "--duration", "10", "--cue", "glitter@1"], "kind 'glitter'"),
        (["rundown", "move", "s", "1", "9"], "to position 9 is outside 1..1"),
        (["show", "create", "s"], "already exists"),
        (["show", "export", "s", "--format", "youtube"], "no as-run log yet"),
        (["catalog", "import", "missing.csv"], "missing.csv: no such file"),
        (["catalog", "set-price", "NOPE", "1"], "no variant with SKU 'NOPE'"),
        (["catalog", "import", "x.csv", "--map", "oops"], "--map 'oops'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    assert cli("show", "create", "s")[0] == 0
    assert cli("rundown", "add", "s", "--kind", "break", "--duration", "10")[0] == 0
    code, out, err = cli(*args)
    assert code == 2
    assert err.startswith("studio: error: ") and message in err and "Traceback" not in err


def test_price_edit_validation_via_cli(cli):
    cli("catalog", "import", REPO / "assets" / "demo_catalog.json", "--no-images")
    code, _, err = cli("catalog", "set-price", "TV-55-4K", "-1")
    assert code == 2 and "cannot be negative" in err
    code, _, err = cli("catalog", "set-price", "TV-55-4K", "500")
    assert code == 2 and "compare-at price 449.00 must be higher than the price 500" in err
    assert cli("catalog", "set-price", "TV-55-4K", "500", "--no-compare-at")[0] == 0


def test_bad_catalog_file_reports_every_row(cli, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("sku,title,price\nA,A,-1\nB,B,x\n", encoding="utf-8")
    code, _, err = cli("catalog", "import", path)
    assert code == 2
    assert "2 problems, nothing was imported" in err
    assert "line 2, column 'price', value '-1'" in err and "line 3, column 'price', value 'x'" in err


def test_db_option_and_environment(cli, monkeypatch, tmp_path):
    other = tmp_path / "elsewhere" / "studio.db"
    monkeypatch.setenv("STUDIO_DB", str(other))
    assert cli("show", "create", "env-show", db=False)[0] == 0
    assert other.exists()
    code, out, _ = cli("show", "list")  # --db beats the environment
    assert "env-show" not in out


def test_the_db_given_before_the_command_is_the_one_the_command_uses(tmp_path, monkeypatch, capsys):
    # `studio --db X show create` wrote to the default database and left X absent.
    import studio.cli

    monkeypatch.setenv("STUDIO_DB", str(tmp_path / "default.db"))
    chosen = tmp_path / "chosen.db"
    assert studio.cli.main(["--db", str(chosen), "show", "create", "before"]) == 0
    assert studio.cli.main(["--db", str(tmp_path / "other.db"), "show", "create", "after", "--db", str(chosen)]) == 0
    capsys.readouterr()
    assert {row["name"] for row in open_database(chosen)["shows"].rows} >= {"before", "after"}
    assert not (tmp_path / "default.db").exists() and not (tmp_path / "other.db").exists()
