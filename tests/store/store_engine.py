"""A real engine with the store set up: a friday show, one webhook endpoint (to a receiver in the test),
Shopify and signed order secrets, fast webhook retries; the store page on a free port."""

from __future__ import annotations

import json
import re

from studio.core.keystore import FileSecrets
from studio.core.show import webhook_endpoints
from studio.core.show.db import open_database
from studio.core.show.order_secrets import set_order_secret
from studio.gateway.webhook_signing import new_secret
from tests.fixtures.engine import EngineProcess, install_show
from tests.store.receiver import Receiver

WEBHOOK_SECRET = new_secret()
SHOPIFY_SECRET = "shpss_0123456789abcdef0123456789abcdef"
ORDER_SECRET = new_secret()


def start_store_engine(root) -> tuple[EngineProcess, Receiver, int]:
    """(engine, receiver (started), store port); stop both after use."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "config" / "settings.json").write_text(json.dumps({"version": 2, "values": {
        "store.webhook_first_retry_s": 0.05, "store.webhook_backoff_cap_s": 0.2}}))
    db = open_database(install_show(root, "friday"))
    receiver = Receiver(WEBHOOK_SECRET).start()
    keys = FileSecrets(root / "config" / "stream-keys.json")
    webhook_endpoints.add(db, "shop", receiver.url, [], WEBHOOK_SECRET, keys)
    set_order_secret("shopify", SHOPIFY_SECRET, keys)
    set_order_secret("signed", ORDER_SECRET, keys)
    db.close()
    engine = EngineProcess(root, "--size", "640x360", "--store-port", "0", show="friday")
    port = int(re.search(r"store page on http://127.0.0.1:(\d+)/now", engine.wait_for_line("store page on")).group(1))
    return engine, receiver, port
