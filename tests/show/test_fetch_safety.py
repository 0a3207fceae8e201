"""A remote catalog cannot make the studio read local files or reach private addresses,
and one deadline covers a whole request, headers included (issues 14.2, 14.4)."""

from __future__ import annotations

import os
import threading

import pytest

from studio.core.show.catalog import find_variant
from studio.core.show.catalog_store import apply_import
from studio.core.show.fetch import FetchError, FetchLimits, fetch, non_public_reason
from studio.core.show.images import ImageCache, ImageError, ImageLimits
from studio.core.show.importers import load_catalog
from tests.fixtures.tcp_servers import TricklingHeadersServer
from tests.show.conftest import LocalServer, png_bytes
from tests.show.test_http_import import serve_pages, storefront_product


def finishes(function, *args, **kwargs):
    """Runs `function` in a thread; returns its exception (a liveness guard, not a timing check)."""
    outcome: dict = {}

    def run():
        try:
            function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 (handed back to the test)
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), f"{function.__name__} still running after 30 s"
    return outcome.get("error")


@pytest.fixture
def trickler():
    server = TricklingHeadersServer(interval_s=0.1)
    yield server
    server.close()


def test_trickled_headers_hit_the_deadline_for_a_catalog(trickler):
    error = finishes(load_catalog, f"http://127.0.0.1:{trickler.port}",
                     fetch_limits=FetchLimits(timeout_s=5, total_timeout_s=1))
    assert isinstance(error, FetchError) and "took longer than 1 s" in str(error)


def test_trickled_headers_hit_the_deadline_for_an_image(trickler, db, tmp_path):
    limits = ImageLimits(fetch=FetchLimits(timeout_s=5, total_timeout_s=1))
    error = finishes(ImageCache(tmp_path / "cache", limits).get, db, f"http://127.0.0.1:{trickler.port}/a.png")
    assert isinstance(error, ImageError) and "took longer than 1 s" in str(error)


def test_a_remote_catalog_cannot_name_local_files(http_server, db, tmp_path):
    local = tmp_path / "secret.png"
    local.write_bytes(png_bytes())
    product = storefront_product("lamp", "LAMP-1", str(local))
    product["variants"][0]["featured_image"] = {"src": "file:///etc/passwd"}
    serve_pages(http_server, [[product, storefront_product("vase", "VASE-1", str(local))]])
    summary = apply_import(db, load_catalog(http_server.url), ImageCache(tmp_path / "cache"))
    assert find_variant(db, "LAMP-1").image_path is None and find_variant(db, "VASE-1").image_path is None
    assert any("VASE-1" in w and "http(s)" in w for w in summary.warnings)
    assert not list((tmp_path / "cache").rglob("*.png"))


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_local_images_must_be_regular_files(db, tmp_path, kind):
    if kind == "device":
        source = "/dev/zero"
    elif kind == "fifo":
        source = str(tmp_path / "pipe.png")
        os.mkfifo(source)
    else:
        source = str(tmp_path)
    error = finishes(ImageCache(tmp_path / "cache").get, db, source)
    assert isinstance(error, ImageError) and "not a regular file" in str(error)


def test_local_images_are_capped_while_reading(db, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes(64, 64))
    with pytest.raises(ImageError, match="over the 100 byte limit"):
        ImageCache(tmp_path / "cache", ImageLimits(max_bytes=100)).get(db, str(big))


@pytest.fixture
def other_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def redirect_to(target: str):
    def route(handler):
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def test_the_origin_may_redirect_to_itself(http_server):
    http_server.add("/old.png", redirect_to("/new.png"))
    http_server.add_body("/new.png", png_bytes(), "image/png")
    assert fetch(f"{http_server.url}/old.png", FetchLimits(), accept=("image/",)).body == png_bytes()


def test_a_redirect_to_another_loopback_address_is_refused(http_server, other_server):
    other_server.add_body("/products.json", b'{"products": []}', "application/json")
    http_server.add("/products.json", redirect_to(f"{other_server.url}/products.json"))
    with pytest.raises(FetchError, match="loopback address.*refused"):
        load_catalog(http_server.url)
    assert other_server.hits == {}


def test_images_a_remote_catalog_names_on_a_private_address_are_refused(http_server, other_server, db, tmp_path):
    other_server.add_body("/a.png", png_bytes(), "image/png")
    serve_pages(http_server, [[storefront_product("lamp", "LAMP-1", f"{other_server.url}/a.png")]])
    summary = apply_import(db, load_catalog(http_server.url), ImageCache(tmp_path / "cache"))
    assert find_variant(db, "LAMP-1").image_path is None and other_server.hits == {}
    assert any("LAMP-1" in w and "loopback" in w for w in summary.warnings)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
        ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "private"),
        ("93.184.216.34", None), ("2606:4700::1111", None),
    ],
)
def test_address_classes(address, reason):
    assert non_public_reason(address) == reason
