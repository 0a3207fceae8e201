"""Plain-data views of show state for the snapshot and events (no I/O, engine thread)."""

from __future__ import annotations

from studio.core.graphics.model import ProductView, on_air_url
from studio.core.show.player import RundownPlayer
from studio.core.show.rundown import Segment


def product_dict(view: ProductView | None) -> dict | None:
    if view is None:
        return None
    return {"sku": view.sku, "title": view.title, "variant_title": view.variant_title,
            "price": str(view.price), "compare_at": None if view.compare_at_price is None else str(view.compare_at_price),
            "currency": view.currency, "stock": view.stock, "claimed": view.claimed}


def program_links(view: ProductView | None, utm_campaign: str) -> dict:
    """The product on air's buy link (the QR code's: the show's UTM tags) and picture file, for the store's
    "now featured" page (studio/gateway/store_events.py)."""
    return {"buy_url": on_air_url(view.product_url, utm_campaign) if view else None,
            "image_path": str(view.image_path) if view and view.image_path else None}


def scene_name(index: int, segment: Segment) -> str:
    """A segment as an OBS scene: unique (numbered) and readable on a Stream Deck key."""
    return f"{index + 1:02d} {segment.display_title}"


def segments_list(player: RundownPlayer) -> list[dict]:
    result, planned_start_s = [], 0.0
    for index, segment in enumerate(player.segments):
        start_s, end_s = player.actual.get(index, (None, None))
        result.append({
            "index": index, "id": segment.id, "kind": segment.kind, "title": segment.display_title,
            "sku": segment.sku, "planned_duration_s": segment.planned_duration_s,
            "planned_start_s": round(planned_start_s, 3),
            "actual_start_s": None if start_s is None else round(start_s, 3),
            "actual_duration_s": None if end_s is None or start_s is None else round(end_s - start_s, 3),
            "talking_points": list(segment.talking_points),
        })
        planned_start_s += segment.planned_duration_s
    return result


def countdown_dict(countdown: tuple[str, float] | None, now_s: float) -> dict | None:
    if countdown is None:
        return None
    label, ends_at_s = countdown
    return {"label": label, "ends_at_s": round(ends_at_s, 3), "remaining_s": round(max(0.0, ends_at_s - now_s), 3)}


def sources_dict(session) -> dict:
    strip = session.engine.audio_strip
    return {"video": session.video_spec, "audio": session.audio_spec or "default", "muted": strip.muted,
            "gain_db": strip.gain_db, "video_lost": session.video_lost, "audio_state": session.audio_state}
