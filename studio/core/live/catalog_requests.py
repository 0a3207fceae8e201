"""Vendor requests that do slow I/O (SQLite, opening a camera or file): run on the engine's worker thread.

Each returns the response data, or hands a prepared command to the engine thread
(a re-read rundown, an opened source) so the program still changes only there.
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from pathlib import Path


from studio.core.capture.specs import open_audio, open_video
from studio.core.image_files import decode_image, encode_jpeg, thumbnail
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status
from studio.core.show.catalog import Catalog, find_variant
from studio.core.show.cues import MAX_DURATION_S, Cue
from studio.core.show.rundown import (
    Segment, add_segment, get_show, load_segments, move_segment, remove_segment, set_segment_duration,
    set_talking_points,
)
from studio.errors import UserInputError

THUMBNAIL_PX = 160


def get_catalog(db, request: c.GetCatalog) -> dict:
    # limit and offset are within the registry's bounds (studio/wire/commands.py GetCatalog)
    where, args = ["1 = 1"], []
    if request.search:
        where.append("(v.sku LIKE ? OR p.title LIKE ?)")
        args += [f"%{request.search}%"] * 2
    if request.category:
        where.append("p.product_type = ?")
        args.append(request.category)
    if request.in_stock:
        where.append("(v.stock IS NULL OR v.stock > 0)")
    sql = (" FROM variants v JOIN products p ON p.id = v.product_id"
           " LEFT JOIN images ON images.source = v.image_source WHERE " + " AND ".join(where))
    total = db.execute("SELECT COUNT(*)" + sql, args).fetchone()[0]
    rows = db.query("SELECT v.sku, v.options, v.price, v.compare_at_price, v.currency, v.stock, p.title,"
                    " p.product_type, images.path AS image_path" + sql + " ORDER BY p.title, v.sku LIMIT ? OFFSET ?",
                    args + [request.limit, request.offset])
    products = []
    for row in rows:
        product = {"sku": row["sku"], "title": row["title"], "variant_title": " / ".join(json.loads(row["options"])),
                   "price": row["price"], "compare_at": row["compare_at_price"] or None, "currency": row["currency"],
                   "stock": row["stock"], "category": row["product_type"]}
        if request.with_images:
            product["image_thumbnail"] = _thumbnail(row["image_path"])
        products.append(product)
    return {"products": products, "total": total}


def _thumbnail(path: str | None) -> str | None:
    if not path or not Path(path).is_file():
        return None
    picture = decode_image(path)
    if picture is None:
        return None
    return base64.b64encode(encode_jpeg(thumbnail(picture, THUMBNAIL_PX))).decode()


def set_price(db, request: c.SetPrice) -> dict:
    if isinstance(request.price, bool) or not isinstance(request.price, (int, float, str)):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, "SetPrice: price must be a number or a decimal string")
    price = request.price if isinstance(request.price, str) else Decimal(str(request.price))
    if request.compare_at is None:
        snapshot = Catalog(db).edit_price(request.sku, price)
    else:
        snapshot = Catalog(db).edit_price(request.sku, price, compare_at=str(request.compare_at))
    return {"sku": snapshot.sku, "price": str(snapshot.price),
            "compare_at": None if snapshot.compare_at_price is None else str(snapshot.compare_at_price)}


def set_stock(db, request: c.SetStock) -> dict:
    snapshot = Catalog(db).edit_stock(request.sku, request.stock)
    return {"sku": snapshot.sku, "stock": snapshot.stock}


def record_sale(db, request: c.RecordSale) -> dict:
    if find_variant(db, request.sku) is None:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"RecordSale: no product with SKU {request.sku!r} in the catalog")
    snapshot = Catalog(db).take_from_stock(request.sku, request.quantity)
    return {"sku": snapshot.sku, "stock": snapshot.stock}


def move_segment_in_db(db, show_name: str | None, request: c.MoveSegment) -> c.ReplaceSegments:
    if show_name is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    move_segment(db, show_name, request.from_index + 1, request.to_index + 1)
    return c.ReplaceSegments(segments=load_segments(db, get_show(db, show_name).id))


def add_segment_in_db(db, show_name: str | None, request: c.AddSegment) -> tuple[int, c.ReplaceSegments]:
    """Worker thread: the new segment written (validated by the rundown), and the rundown to put on air."""
    if show_name is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    if not 0 < request.duration_s <= MAX_DURATION_S:
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, "AddSegment: duration_s must be more than 0 s and at most a day")
    segment = Segment(kind="product", planned_duration_s=request.duration_s, sku=request.sku,
                      cues=[Cue(kind="card", offset_s=0.0)])
    try:
        added = add_segment(db, show_name, segment, None if request.index < 0 else request.index + 1)
    except UserInputError as error:
        raise CommandError(Status.RESOURCE_NOT_FOUND if "sku" in str(error).lower() else
                           Status.REQUEST_FIELD_OUT_OF_RANGE, f"AddSegment: {error}") from None
    return added.position - 1, c.ReplaceSegments(segments=load_segments(db, get_show(db, show_name).id))


def remove_segment_in_db(db, show_name: str | None, request: c.RemoveSegment) -> c.ReplaceSegments:
    if show_name is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    remove_segment(db, show_name, request.index + 1)
    return c.ReplaceSegments(segments=load_segments(db, get_show(db, show_name).id))


def set_segment_duration_in_db(db, show_name: str | None, request: c.SetSegmentDuration) -> c.ReplaceSegments:
    if show_name is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    set_segment_duration(db, show_name, request.index + 1, request.duration_s)
    return c.ReplaceSegments(segments=load_segments(db, get_show(db, show_name).id))


def set_talking_points_in_db(db, show_name: str | None, request: c.SetTalkingPoints) -> c.ReplaceSegments:
    if show_name is None:
        raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
    if not all(isinstance(point, str) for point in request.talking_points):
        raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, "SetTalkingPoints: field 'talking_points' must be "
                                                              "a list of strings")
    try:
        set_talking_points(db, show_name, request.index + 1, request.talking_points)
    except UserInputError as error:
        raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"SetTalkingPoints: {error}") from None
    return c.ReplaceSegments(segments=load_segments(db, get_show(db, show_name).id))


def open_video_source(request: c.SetVideoSource, canvas, on_state_change=None) -> c.SwapVideo:
    """Opened and started here, off the frame loop; the engine thread only swaps it in."""
    source = open_video(request.spec, canvas, on_state_change=on_state_change)
    source.start()
    return c.SwapVideo(spec=request.spec, source=source)


def open_audio_source(request: c.SetAudioSource, video, on_state_change=None) -> c.SwapAudio:
    """A microphone is opened here too (its first sound is awaited by its own thread, not the engine's)."""
    source = open_audio(request.spec, video, on_state_change=on_state_change)
    source.start()
    return c.SwapAudio(spec=request.spec, source=source)


def product_exists(db, sku: str) -> bool:
    return find_variant(db, sku) is not None


__all__ = ["get_catalog", "set_price", "set_stock", "record_sale", "move_segment_in_db", "set_talking_points_in_db", "open_video_source",
           "open_audio_source", "UserInputError"]
