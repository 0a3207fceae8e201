"""A big catalog is read twice rather than held, shows progress, and keeps memory flat (issue 14.8).

Speed is measured in bench/bench_import.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.big_catalog import write_json_catalog, write_shopify_csv
from studio.core.show.catalog import find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
from studio.core.show.progress import ProgressLines
from tests.show.conftest import REPO

# Outside `make test-fast`: imports a catalog of thousands of products.
pytestmark = pytest.mark.slow



@pytest.mark.parametrize(("name", "write"), [("big.csv", write_shopify_csv), ("big.json", write_json_catalog)])
def test_progress_covers_checking_then_importing(db, tmp_path, name, write):
    path = tmp_path / name
    variants = write(path, 300_000)
    calls = []
    summary = apply_import(db, load_catalog(str(path), progress=lambda *call: calls.append(call)), None)
    assert summary.created == variants and find_variant(db, "SKU-1-0").title == "Product number 1"
    phases = [phase for phase, _, _ in calls]
    assert phases == sorted(phases, key=["checking", "importing"].index)
    for phase in ("checking", "importing"):
        done = [done for name, done, _ in calls if name == phase]
        totals = {total for name, _, total in calls if name == phase}
        assert done == sorted(done) and totals == {done[-1]} and done[-1] >= path.stat().st_size * 0.99


def test_progress_lines_are_at_most_one_a_second():
    now = {"s": 0.0}
    lines: list[str] = []
    progress = ProgressLines("studio: big.csv", lines.append, clock=lambda: now["s"])
    for step in range(1, 301):  # 3 s of calls, 100 a second
        now["s"] = step / 100
        progress("checking", step, 300)
    assert len(lines) == 3 and lines[0] == "studio: big.csv: checking  33% (0.0 of 0.0 MB)"
    quiet: list[str] = []
    quick = ProgressLines("studio: small.csv", quiet.append, clock=lambda: now["s"])
    quick("checking", 1, 1)  # an import shorter than a second says nothing
    assert quiet == []


PEAK_RSS_SCRIPT = """
import json, resource, sys
from studio.core.show.db import open_database
from studio.core.show.catalog_store import apply_import
from studio.core.show.importers import load_catalog
apply_import(open_database(sys.argv[2]), load_catalog(sys.argv[1]), None)
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def peak_rss_kb(csv_path, db_path) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK_RSS_SCRIPT, str(csv_path), str(db_path)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize(("suffix", "write"), [(".csv", write_shopify_csv), (".json", write_json_catalog)])
def test_memory_stays_flat_as_the_file_grows(tmp_path, suffix, write):
    small, large = tmp_path / f"small{suffix}", tmp_path / f"large{suffix}"
    write(small, 500_000)
    write(large, 6_000_000)
    growth_mb = (peak_rss_kb(large, tmp_path / "large.db") - peak_rss_kb(small, tmp_path / "small.db")) / 1024
    # Holding every record cost about 6 MB per MB of CSV (34 MB here), more for JSON;
    # reading twice costs the text (JSON) and the SKU and handle sets.
    assert growth_mb < 15, f"peak memory grew {growth_mb:.0f} MB for 5.5 MB more {suffix}"
