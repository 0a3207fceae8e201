"""The bundled demo catalog (assets/demo_catalog.json) as plain data."""

from __future__ import annotations

import json
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent.parent / "assets"
DEMO_CATALOG_PATH = ASSETS_DIR / "demo_catalog.json"


def load_demo_catalog(path: Path = DEMO_CATALOG_PATH) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
