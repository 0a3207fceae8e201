"""Orders in during a show: what a flood of signed Shopify deliveries costs the show and its takes.

A real engine (640x360, the friday show, the store set up as tests/store/store_engine.py does) takes
400 `orders/create` deliveries from 4 senders at once while a control client takes a product every
50 ms; printed: the orders' rate, the frames skipped and the worst lateness over the flood, and how long
TakeProduct took to answer meanwhile. Run on its own (`python -m bench.bench_store`); not in `make bench`'s
table (docs/store.md quotes it).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from tests.store.fake_store import post, shopify_delivery, shopify_order
from tests.store.store_engine import SHOPIFY_SECRET, start_store_engine

SENDERS, ORDERS_EACH, TAKES = 4, 100, 20


def main() -> int:
    engine, receiver, port = start_store_engine(Path(tempfile.mkdtemp(prefix="bench-store-")))
    try:
        with engine.client() as client:
            client.vendor("TakeProduct", {"sku": "KET-STEEL"})
            time.sleep(3)                                   # past start-up
            before = client.vendor("GetShowState")["stats"]
            sent: list[int] = []

            def sender(index: int) -> None:
                for number in range(ORDERS_EACH):
                    order = shopify_order(f"#{index}-{number}", [("KET-STEEL", 1, "49.90")])
                    status, _ = post(port, "/orders/shopify", *shopify_delivery(SHOPIFY_SECRET, order))
                    sent.append(status)

            started = time.monotonic()
            threads = [threading.Thread(target=sender, args=(index,)) for index in range(SENDERS)]
            for thread in threads:
                thread.start()
            takes_ms = []
            for number in range(TAKES):
                asked = time.monotonic()
                client.vendor("TakeProduct", {"sku": ("TV-55-4K", "KET-STEEL")[number % 2]})
                takes_ms.append((time.monotonic() - asked) * 1000)
                time.sleep(0.05)
            for thread in threads:
                thread.join()
            elapsed_s = time.monotonic() - started
            time.sleep(2)
            after = client.vendor("GetShowState")["stats"]
        takes_ms.sort()
        load = os.getloadavg()[0]
        print(f"{len(sent)} orders ({sent.count(200)} accepted) in {elapsed_s:.1f} s ({len(sent) / elapsed_s:.0f}/s); "
              f"frames skipped {after['frames_skipped'] - before['frames_skipped']}; "
              f"max lateness since start {after['max_lateness_ms']} ms; TakeProduct answered in median "
              f"{takes_ms[len(takes_ms) // 2]:.0f} ms, max {takes_ms[-1]:.0f} ms; load average {load:.1f}")
    finally:
        engine.stop()
        receiver.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
