"""Storefront products.json and image downloads against a real local HTTP server."""

from __future__ import annotations

import json
import struct
import time
import zlib

import pytest

from studio.core.show.catalog import find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.fetch import FetchError, FetchLimits, fetch
from studio.core.show.images import ImageCache, ImageLimits
from studio.core.show.importers import load_catalog
from tests.show.conftest import png_bytes

pytestmark = pytest.mark.realtime  # against the clock: never beside another real-time test


def storefront_product(handle: str, sku: str, image_url: str | None, price: str = "10.00") -> dict:
    return {
        "id": hash(handle) % 10_000,
        "handle": handle,
        "title": handle.title(),
        "body_html": "<p>Nice &amp; useful</p>",
        "vendor": "V",
        "product_type": "T",
        "tags": ["a", "b"],
        "variants": [{"id": 1, "sku": sku, "option1": "Default Title", "price": price,
                      "compare_at_price": "20.00", "featured_image": None}],
        "images": [{"src": image_url, "variant_ids": []}] if image_url else [],
    }


def serve_pages(server, pages: list[list[dict]]) -> None:
    def route(handler):
        page = int(handler.path.split("page=")[1])
        body = json.dumps({"products": pages[page - 1] if page <= len(pages) else []}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.add("/products.json", route)


def test_storefront_pages_until_empty_with_images(http_server, db, tmp_path):
    base = http_server.url
    http_server.add_body("/img/good.png", png_bytes(), "image/png")
    http_server.add_body("/img/fake.png", b"<html>not an image</html>", "image/png")
    serve_pages(http_server, [
        [storefront_product("lamp", "LAMP-1", f"{base}/img/good.png"),
         storefront_product("vase", "VASE-1", f"{base}/img/fake.png")],
        [storefront_product("rug", "RUG-1", f"{base}/img/good.png")],
    ])
    cache = ImageCache(tmp_path / "cache")
    summary = apply_import(db, load_catalog(base), cache)

    assert (summary.created, summary.products) == (3, 3)
    requested = sorted(path for path in http_server.hits if path.startswith("/products.json"))
    assert requested == [f"/products.json?limit=250&page={n}" for n in (1, 2, 3)]
    lamp = find_variant(db, "LAMP-1")
    assert lamp.product_url == f"{base}/products/lamp" and lamp.stock is None and lamp.options == ()
    assert lamp.image_path is not None and lamp.image_path.read_bytes() == png_bytes()
    # An image that is not one: the product is imported with a placeholder and a warning.
    assert find_variant(db, "VASE-1").image_path is None
    assert any("VASE-1" in w and "not a PNG" in w for w in summary.warnings)
    # Downloaded once, even for two products and a second import.
    apply_import(db, load_catalog(base), cache)
    assert http_server.hits["/img/good.png"] == 1


def test_slow_server_times_out(http_server):
    def slow(handler):
        time.sleep(3)
        handler.send_response(200)
        handler.end_headers()

    http_server.add("/products.json", slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within 0.5 s"):
        load_catalog(http_server.url, fetch_limits=FetchLimits(timeout_s=0.5))
    assert time.monotonic() - started < 2.5


def test_trickling_server_hits_the_overall_deadline(http_server):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    http_server.add("/slow.png", trickle)
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetch(f"{http_server.url}/slow.png", FetchLimits(timeout_s=1, total_timeout_s=1), accept=("image/",))


def test_http_500_is_reported_with_status(http_server):
    http_server.add_body("/products.json", b"oops", "text/plain", status=500)
    with pytest.raises(FetchError) as caught:
        load_catalog(f"{http_server.url}/products.json")
    assert str(caught.value) == f"{http_server.url}/products.json?limit=250&page=1: HTTP 500 Internal Server Error"


def test_html_page_instead_of_json_is_refused(http_server):
    http_server.add_body("/products.json", b"<!doctype html><title>Password</title>", "text/html")
    with pytest.raises(FetchError, match="expected application/json but the server sent text/html"):
        load_catalog(http_server.url)


def test_json_content_type_with_garbage_body(http_server):
    http_server.add_body("/products.json", b"{not json", "application/json")
    with pytest.raises(FetchError, match="not valid JSON"):
        load_catalog(http_server.url)


def test_200_mb_body_is_cut_off_without_reading_it(http_server):
    sent = {"bytes": 0}

    def huge(handler):
        # No Content-Length: only the streaming limit can stop this.
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b" " * (1024 * 1024)
        for _ in range(200):
            handler.wfile.write(chunk)
            sent["bytes"] += len(chunk)

    http_server.add("/products.json", huge)
    started = time.monotonic()
    with pytest.raises(FetchError, match="over the 20.0 MB limit; stopped reading"):
        load_catalog(http_server.url)
    assert time.monotonic() - started < 10
    assert sent["bytes"] < 100 * 1024 * 1024


def test_declared_huge_body_is_refused_before_download(http_server):
    def declared(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(200 * 1024 * 1024))
        handler.end_headers()
        handler.wfile.write(b"{")

    http_server.add("/products.json", declared)
    with pytest.raises(FetchError, match="200.0 MB is over the 20.0 MB limit; not downloaded"):
        load_catalog(http_server.url)


def test_redirects_are_limited(http_server):
    def loop(handler):
        handler.send_response(302)
        handler.send_header("Location", "/loop.png")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    http_server.add("/loop.png", loop)
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(f"{http_server.url}/loop.png", FetchLimits(), accept=("image/",))


def test_connection_refused_is_a_clear_error():
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:9/products.json", FetchLimits(timeout_s=1))


def giant_png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def test_image_limits(http_server, db, tmp_path):
    http_server.add_body("/bomb.png", giant_png_header(100_000, 100_000), "image/png")
    http_server.add_body("/big.png", png_bytes(64, 64), "image/png")
    http_server.add_body("/page.png", b"<html></html>", "text/html")
    cache = ImageCache(tmp_path / "cache", ImageLimits(max_bytes=200))
    from studio.core.show.images import ImageError

    with pytest.raises(ImageError, match="over the 40,000,000 pixel limit"):
        cache.get(db, f"{http_server.url}/bomb.png")
    with pytest.raises(ImageError, match="over the 200 byte limit"):
        cache.get(db, f"{http_server.url}/big.png")
    with pytest.raises(ImageError, match="expected image/ but the server sent text/html"):
        cache.get(db, f"{http_server.url}/page.png")
    truncated = png_bytes()[:40]
    (tmp_path / "broken.png").write_bytes(truncated)
    with pytest.raises(ImageError, match="do not decode"):
        cache.get(db, str(tmp_path / "broken.png"))
    assert not list((tmp_path / "cache").rglob("*.png"))
