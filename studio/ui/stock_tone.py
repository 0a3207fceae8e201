"""How stock reads wherever the window or the host view shows it: red sold out, amber low, plain otherwise.

One rule for both (the host view's "Only 3 left" and the console's catalog): LOW_STOCK
is the host model's threshold, the colours read on the dark theme and in the host view.
"""

from __future__ import annotations

from studio.ui.host_model import LOW_STOCK

AMBER, RED = "#ffb000", "#ff3b30"
TONE_COLOURS = {"sold_out": RED, "low": AMBER}


def stock_tone(stock: int | None) -> str | None:
    """"sold_out" (0 or less), "low" (LOW_STOCK or less), None when plenty or unknown."""
    if stock is None:
        return None
    if stock <= 0:
        return "sold_out"
    return "low" if stock <= LOW_STOCK else None


def stock_tip(stock: int | None) -> str | None:
    tone = stock_tone(stock)
    return {"sold_out": "Sold out", "low": f"Only {stock} left (low stock: {LOW_STOCK} or fewer)"}.get(tone)
