"""The sales report as one self-contained HTML page: the per-airing table, a chart of orders per
minute with the airings drawn behind it (inline SVG, no script), and the products ranked by revenue."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

from studio.core.show.orders_export import OrderLine
from studio.core.show.sales import Airing

CHART_W, CHART_H, MARGIN = 900, 260, 40


def sales_html(show_name: str, report: dict, airings: list[Airing], lines: list[OrderLine],
               window: dt.timedelta) -> str:
    currency = report["currency"] or ""
    rows = "".join(
        f"<tr><td>{s['index']}</td><td>{_e(s['sku'])}</td><td>{_e(s['title'])}</td><td>{_clock(s['on_air_s'])}</td>"
        f"<td>{s['units']}</td><td>{s['revenue']}</td><td>{s['orders_per_min_on_air']}</td></tr>"
        for s in report["segments"])
    ranked = _ranked(report["segments"])
    ranking = "".join(f"<tr><td>{n}</td><td>{_e(sku)}</td><td>{_e(title)}</td><td>{units}</td><td>{revenue}</td></tr>"
                      for n, (sku, title, units, revenue) in enumerate(ranked, start=1))
    na = report["not_attributed"]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sales: {_e(show_name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 24px; color: #111; }}
table {{ border-collapse: collapse; margin: 12px 0 24px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }}
th:nth-child(2), td:nth-child(2), th:nth-child(3), td:nth-child(3) {{ text-align: left; }}
.airing {{ fill: #ffd54f; opacity: 0.45; }} .window {{ fill: #ffd54f; opacity: 0.15; }}
.bar {{ fill: #1565c0; }} .axis {{ stroke: #444; }} text {{ font-size: 11px; }}
</style></head><body>
<h1>Sales per airing: {_e(show_name)}</h1>
<p>Currency {_e(currency)}. An order line counts for the latest airing of its SKU that started before it,
if it came while the product was on air or within {_clock(window.total_seconds())} after; cancelled orders are left out.</p>
<table><thead><tr><th>#</th><th>SKU</th><th>Title</th><th>On air</th><th>Units</th><th>Revenue</th>
<th>Orders/min on air</th></tr></thead><tbody>{rows}</tbody>
<tfoot><tr><td></td><td>not attributed</td><td></td><td></td><td>{na['units']}</td><td>{na['revenue']}</td><td></td></tr></tfoot>
</table>
<h2>Orders per minute</h2>
{_chart(airings, lines, window)}
<h2>Products ranked by revenue</h2>
<table><thead><tr><th>Rank</th><th>SKU</th><th>Title</th><th>Units</th><th>Revenue</th></tr></thead>
<tbody>{ranking}</tbody></table>
</body></html>
"""


def _ranked(segments: list[dict]) -> list[tuple[str, str, int, str]]:
    totals: dict[str, list] = {}
    for segment in segments:
        entry = totals.setdefault(segment["sku"], [segment["title"], 0, Decimal(0)])
        entry[1] += segment["units"]
        entry[2] += Decimal(segment["revenue"])
    ordered = sorted(totals.items(), key=lambda item: (-item[1][2], item[0]))
    return [(sku, title, units, str(revenue)) for sku, (title, units, revenue) in ordered]


def _chart(airings: list[Airing], lines: list[OrderLine], window: dt.timedelta) -> str:
    if not airings:
        return "<p>Nothing aired in this run.</p>"
    start = min(a.start for a in airings).replace(second=0, microsecond=0)
    end = max(a.end for a in airings) + window
    minutes = max(1, int((end - start).total_seconds() // 60) + 1)
    counts = [set() for _ in range(minutes)]
    for line in lines:
        if not line.cancelled and start <= line.created_at < start + dt.timedelta(minutes=minutes):
            counts[int((line.created_at - start).total_seconds() // 60)].add(line.order)
    peak = max(1, max(len(orders) for orders in counts))
    x_scale = (CHART_W - 2 * MARGIN) / minutes
    y_scale = (CHART_H - 2 * MARGIN) / peak

    def x(moment: dt.datetime) -> float:
        return MARGIN + (moment - start).total_seconds() / 60 * x_scale

    shapes = []
    for airing in airings:
        shapes.append(f'<rect class="window" x="{x(airing.end):.1f}" y="{MARGIN}" width="{window.total_seconds() / 60 * x_scale:.1f}" '
                      f'height="{CHART_H - 2 * MARGIN}"/>')
        shapes.append(f'<rect class="airing" x="{x(airing.start):.1f}" y="{MARGIN}" width="{max(1.0, x(airing.end) - x(airing.start)):.1f}" '
                      f'height="{CHART_H - 2 * MARGIN}"><title>{airing.index}. {_e(airing.sku)}</title></rect>')
        label_y = MARGIN - 4 - (14 if airing.index % 2 == 0 else 0)   # neighbours' labels on two lines
        shapes.append(f'<text x="{x(airing.start) + 2:.1f}" y="{label_y}">{airing.index}. {_e(airing.sku)}</text>')
    for minute, orders in enumerate(counts):
        if orders:
            height = len(orders) * y_scale
            shapes.append(f'<rect class="bar" x="{MARGIN + minute * x_scale + 1:.1f}" y="{CHART_H - MARGIN - height:.1f}" '
                          f'width="{max(1.0, x_scale - 2):.1f}" height="{height:.1f}"><title>{len(orders)} orders</title></rect>')
    shapes.append(f'<line class="axis" x1="{MARGIN}" y1="{CHART_H - MARGIN}" x2="{CHART_W - MARGIN}" y2="{CHART_H - MARGIN}"/>')
    shapes.append(f'<text x="{MARGIN}" y="{CHART_H - MARGIN + 16}">{start:%H:%M} UTC</text>')
    shapes.append(f'<text x="{CHART_W - MARGIN - 60}" y="{CHART_H - MARGIN + 16}">{end:%H:%M} UTC</text>')
    shapes.append(f'<text x="4" y="{MARGIN + 10}">{peak}/min</text>')
    return f'<svg width="{CHART_W}" height="{CHART_H}" role="img" aria-label="orders per minute">{"".join(shapes)}</svg>'


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _e(text) -> str:
    return html.escape(str(text))
