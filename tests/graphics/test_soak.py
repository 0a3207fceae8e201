"""10,000 renders and composites in one process, and the memory it holds stays flat."""

import dataclasses
import os

import pytest

from studio.core.graphics.background import reference_background
from studio.core.graphics.model import card_for_show
from studio.core.graphics.product_view import load_product_views
from studio.core.graphics.program import ProgramGraphics

# Outside `make test-fast`: renders for seconds.
pytestmark = pytest.mark.slow


ROUNDS = 10_000
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def test_ten_thousand_renders_and_composites_hold_memory_flat(theme):
    products = load_product_views()
    graphics = ProgramGraphics(480, 270, theme)
    frame = reference_background(480, 270)
    graphics.show("logo", __import__("studio.core.graphics.samples", fromlist=["x"]).SAMPLE_LOGO)

    def round_(index: int) -> None:
        # Stock changes every frame, so every round re-renders the card (with its QR code).
        product = dataclasses.replace(products[index % len(products)], stock=index % 50)
        graphics.show("card", card_for_show(product, "soak"))
        graphics.composite(frame, index / 30)

    for index in range(500):  # warm caches (fonts, QR codes, pictures) before measuring
        round_(index)
    baseline = resident_bytes()
    for index in range(500, ROUNDS):
        round_(index)
    growth = resident_bytes() - baseline
    assert growth < 8 * 1024 * 1024, f"resident memory grew by {growth / 1e6:.1f} MB over {ROUNDS} rounds"
