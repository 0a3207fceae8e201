"""A show's QR codes are encoded ahead of time, off the frame loop (segno takes 40-120 ms a code)."""

from studio.core.graphics.demo import DemoDirector
from studio.core.graphics.model import card_for_show
from studio.core.graphics.product_view import DEMO_CATALOG_PATH, load_product_views
from studio.core.graphics.qr import qr_modules, warm_qr_codes
from studio.core.graphics.samples import DEMO_CAMPAIGN


def _cached(text: str) -> bool:
    hits = qr_modules.cache_info().hits
    qr_modules(text)
    return qr_modules.cache_info().hits == hits + 1


def test_warming_encodes_each_code_once_on_a_thread_of_its_own():
    qr_modules.cache_clear()
    urls = ["https://shop.example/a?utm_campaign=warm", None, "https://shop.example/b?utm_campaign=warm"]
    thread = warm_qr_codes(urls + urls)
    assert thread.name == "warm QR codes"
    thread.join(30)
    assert qr_modules.cache_info().misses == 2
    assert _cached(urls[0]) and _cached(urls[2])


def test_the_demo_show_warms_its_products_codes_before_its_first_card():
    qr_modules.cache_clear()
    import threading

    from studio.core.graphics.program import ProgramGraphics

    DemoDirector(ProgramGraphics(320, 180))
    for thread in [t for t in threading.enumerate() if t.name == "warm QR codes"]:
        thread.join(30)
    for product in load_product_views(DEMO_CATALOG_PATH):
        url = card_for_show(product, DEMO_CAMPAIGN).qr_url
        assert url is None or _cached(url), product.sku
