"""`studio report sales` against a hand-built as-run log and a hand-computed Shopify orders export.

The run (UTC): KET's card is up in rehearsal and goes on air at 20:00:00; TV 20:00:10-20:05:10;
HP 20:05:10-20:10:10 (card hidden); TV again 20:20:10-20:22:10 (off air). Window 15 min.
Orders (each line's verdict): #1001 TV on air -> airing 2; #1002 HP at HP's first second (+0100) -> 3;
#1003 HP at the last second of HP's window -> 3, and its TV line -> 4 (TV's latest airing);
#1004 HP one second past the window -> not attributed; #1005 cancelled -> left out;
#1006 TV between TV's airings, in the first one's window -> 2; #1007 KET before it aired -> not
attributed; #1008 TV at the last second of airing 4's window (+0900) -> 4; #1009 a SKU never aired.
"""

import csv
import io
import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.show.db import open_database
from tests.fixtures.engine import studio_cli

ORDERS = Path(__file__).with_name("data") / "orders_export.csv"
EXPECTED = {
    "segments": [
        {"index": 1, "sku": "KET-STEEL", "title": "Kettle", "on_air_s": 10.0, "units": 0, "revenue": "0.00",
         "orders_per_min_on_air": 0.0},
        {"index": 2, "sku": "TV-55-4K", "title": "55-inch TV", "on_air_s": 300.0, "units": 3, "revenue": "1497.00",
         "orders_per_min_on_air": 0.2},
        {"index": 3, "sku": "HP-NC-BLK", "title": "Headphones", "on_air_s": 300.0, "units": 3, "revenue": "238.50",
         "orders_per_min_on_air": 0.2},
        {"index": 4, "sku": "TV-55-4K", "title": "55-inch TV", "on_air_s": 120.0, "units": 2, "revenue": "998.00",
         "orders_per_min_on_air": 0.0},
    ],
    "not_attributed": {"units": 5, "revenue": "149.49"},
    "currency": "USD",
}
# (show time s, event, details); wall time = 19:59:00 UTC + show time
LOG = [
    (0, "product_taken", {"sku": "KET-STEEL", "title": "Kettle", "off_air": True}),
    (60, "on_air", {}),
    (60, "segment_start", {"position": 1, "title": "Opening"}),
    (70, "product_taken", {"sku": "TV-55-4K", "title": "55-inch TV"}),
    (370, "product_taken", {"sku": "HP-NC-BLK", "title": "Headphones"}),
    (670, "graphic_hidden", {"kind": "card"}),
    (1270, "product_taken", {"sku": "TV-55-4K", "title": "55-inch TV"}),
    (1390, "off_air", {}),
    (1400, "product_taken", {"sku": "HP-NC-BLK", "title": "Headphones", "off_air": True}),
]


@pytest.fixture
def db_path(tmp_path):
    return write_show(tmp_path / "studio.db")


def write_show(path):
    """A database whose show friday has the run of LOG (the as-run rows as the engine writes them)."""
    studio_cli(path, "show", "create", "friday")
    db = open_database(path)
    show_id = db.execute("SELECT id FROM shows WHERE name = 'friday'").fetchone()[0]
    run_id = db["runs"].insert({"show_id": show_id, "started_at": "2026-12-04T19:59:00.000+00:00"}).last_pk
    for show_time_s, event, details in LOG:
        minutes, seconds = divmod(59 * 60 + show_time_s, 60)
        wall = f"2026-12-04T{19 + minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}.000+00:00"
        db["asrun"].insert({"show_id": show_id, "run_id": run_id, "event": event, "show_time_s": show_time_s,
                            "wall_time": wall, "details": json.dumps(details)})
    db.close()
    return path


def test_json_gives_the_hand_computed_numbers(db_path, capsys):
    assert main(["report", "sales", "--show", "friday", "--orders", str(ORDERS), "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_csv_and_a_shorter_window(db_path, capsys, tmp_path):
    out = tmp_path / "sales.csv"
    assert main(["report", "sales", "--show", "friday", "--orders", str(ORDERS), "--window", "10m", "--format", "csv",
                 "--out", str(out), "--db", str(db_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    # 10 minutes: #1003's HP line (15 min after) and #1008 (15 min after) no longer count; #1003's TV line
    # (3 min after airing 4) and #1006 (9 min 50 s after airing 2) still do
    assert [(r["index"], r["units"], r["revenue"]) for r in rows] == \
        [("1", "0", "0.00"), ("2", "3", "1497.00"), ("3", "2", "159.00"), ("4", "1", "499.00"), ("", "7", "727.99")]


def test_html_has_the_table_the_chart_and_the_ranking(db_path, tmp_path):
    out = tmp_path / "sales.html"
    assert main(["report", "sales", "--show", "friday", "--orders", str(ORDERS), "--format", "html",
                 "--out", str(out), "--db", str(db_path)]) == 0
    page = out.read_text()
    assert page.count('class="airing"') == 4 and 'class="bar"' in page and "<svg" in page
    ranking = page.split("Products ranked by revenue")[1]
    assert ranking.index("TV-55-4K") < ranking.index("HP-NC-BLK") < ranking.index("KET-STEEL")
    assert "2495.00" in ranking


def test_an_export_without_the_columns_is_refused(db_path, tmp_path, capsys):
    bad = tmp_path / "not-orders.csv"
    bad.write_text("Handle,Title\nx,y\n")
    assert main(["report", "sales", "--show", "friday", "--orders", str(bad), "--db", str(db_path)]) == 2
    assert "not a Shopify orders export" in capsys.readouterr().err
