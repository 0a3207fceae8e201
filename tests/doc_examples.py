"""The `studio ...` example commands of README.md and docs/*.md, and the files they name.

What counts as an example:
- every line starting with `studio ` inside a fenced code block (a trailing `\\`
  continues it on the next line; `# comments` are the shell's);
- a line that is nothing but one inline code span starting with `studio `, standing
  as its own paragraph or right under a picture (how docs/graphics.md puts the
  command under each one); inside a sentence it is prose, not an example.

Convention for what cannot run here: a fence whose info string contains the word
`not-runnable` (e.g. ```` ```sh not-runnable ````). Its commands are listed as
skipped tests with their file and line, so they stay visible and counted.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOT_RUNNABLE = "not-runnable"
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(.*)$")
_INLINE_COMMAND = re.compile(r"^\s*`(studio [^`]+)`\s*$")


@dataclass(frozen=True)
class Example:
    path: Path
    line: int
    command: str
    runnable: bool

    @property
    def where(self) -> str:
        path = self.path.resolve()
        return f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}:{self.line}"


def doc_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def examples_in(path: Path) -> list[Example]:
    found: list[Example] = []
    fence: str | None = None
    runnable = True
    pending: tuple[int, list[str]] | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if pending is not None:
            pending[1].append(line)
            if not line.rstrip().endswith("\\"):
                found.append(Example(path, pending[0], "\n".join(pending[1]), runnable))
                pending = None
            continue
        marker = _FENCE.match(line)
        if marker and (fence is None or marker.group(1).startswith(fence)):
            if fence is None:
                fence, runnable = marker.group(1), NOT_RUNNABLE not in marker.group(2).split()
            else:
                fence = None
            continue
        if fence is not None and line.startswith("studio "):
            if line.rstrip().endswith("\\"):
                pending = (number, [line])
            else:
                found.append(Example(path, number, line, runnable))
        elif fence is None and (inline := _INLINE_COMMAND.match(line)):
            previous = lines[number - 2].strip() if number > 1 else ""
            if not previous or previous.startswith("!["):
                found.append(Example(path, number, inline.group(1), True))
    return found


def key_env_names(command: str) -> list[str]:
    return re.findall(r"--key-env\s+([A-Za-z_][A-Za-z0-9_]*)", command)


# -- the files the examples name ---------------------------------------------------

SHOPIFY_COLUMNS = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Option1 Name", "Option1 Value",
                   "Option2 Name", "Option2 Value", "Variant SKU", "Variant Inventory Qty", "Variant Price",
                   "Variant Compare At Price", "Image Src", "Status"]


def write_shopify_export(path: Path) -> None:
    """products_export.csv as Shopify writes it, made from the demo catalog (pictures from assets/)."""
    catalog = json.loads((REPO / "assets" / "demo_catalog.json").read_text(encoding="utf-8"))
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.DictWriter(file, SHOPIFY_COLUMNS)
        writer.writeheader()
        for product in catalog["products"]:
            for index, variant in enumerate(product["variants"]):
                options = variant.get("options") or []
                row = {"Handle": product["handle"], "Variant SKU": variant["sku"],
                       "Variant Inventory Qty": variant.get("stock", ""), "Variant Price": variant["price"],
                       "Variant Compare At Price": variant.get("compare_at_price") or "",
                       "Option1 Value": options[0] if options else "Default Title",
                       "Option2 Value": options[1] if len(options) > 1 else ""}
                if index == 0:
                    row.update({"Title": product["title"], "Body (HTML)": product.get("description", ""),
                                "Vendor": product.get("vendor", ""), "Type": product.get("type", ""),
                                "Tags": ", ".join(product.get("tags", [])), "Option1 Name": "Option",
                                "Option2 Name": "Size" if len(options) > 1 else "",
                                "Image Src": f"assets/{variant['image']}", "Status": "active"})
                writer.writerow(row)


def write_sheet(path: Path) -> None:
    """sheet.csv: a producer's own spreadsheet, with a price column the studio does not know by name."""
    path.write_text("sku,title,Retail Price,stock,url\n"
                    "MUG-STONE,Stoneware Mug,12.50,40,https://shop.example/products/mug\n"
                    "BOWL-STONE,Stoneware Bowl,18.00,25,https://shop.example/products/bowl\n", encoding="utf-8")


def prepare_workdir(workdir: Path) -> None:
    (workdir / "assets").symlink_to(REPO / "assets", target_is_directory=True)
    (workdir / "docs" / "images").mkdir(parents=True)
    (workdir / "recordings").mkdir()
    write_shopify_export(workdir / "products_export.csv")
    # docs/store.md's orders export: the hand-computed one of tests/store/test_sales_report.py
    (workdir / "orders_export.csv").write_bytes((REPO / "tests" / "store" / "data" / "orders_export.csv").read_bytes())
    write_sheet(workdir / "sheet.csv")
    write_music_bed(workdir / "bed.wav")


def write_music_bed(path: Path, seconds: float = 1.0) -> None:
    """A second of a 440 Hz tone at -18 dBFS: the music bed docs/sources.md's mixer example plays."""
    import math
    import struct
    import wave

    rate = 48_000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        level = int(32767 * 10 ** (-18 / 20))
        samples = (int(level * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(rate * seconds)))
        out.writeframes(b"".join(struct.pack("<hh", value, value) for value in samples))
