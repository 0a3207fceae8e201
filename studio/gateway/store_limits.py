"""What the store's HTTP side (now featured page, SSE stream, orders in) lets one client cost the gateway.

docs/store.md's "Limits" table is generated from STORE_LIMIT_DOCS (`make docs`).
"""

from __future__ import annotations

MAX_HTTP_CONNECTIONS = 256            # SSE viewers of the page included
MAX_REQUEST_HEAD_BYTES = 16 * 1024
MAX_REQUEST_BODY_BYTES = 1024 * 1024  # a Shopify order with hundreds of lines is ~100 KB
REQUEST_TIMEOUT_S = 10.0              # to send the whole request
MAX_QUEUED_SSE_EVENTS = 64            # per viewer; past it that viewer is dropped (its page reconnects)
SSE_KEEPALIVE_S = 15.0
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_ORDER_COMMANDS_IN_FLIGHT = 4      # of the engine link's 64: a flood of orders leaves the rest to takes

STORE_LIMIT_DOCS: dict[str, tuple[str, str]] = {
    "MAX_HTTP_CONNECTIONS": ("connections", "open at once (page viewers on the event stream included); HTTP 503 past it"),
    "MAX_REQUEST_HEAD_BYTES": ("bytes", "request line and headers (HTTP 431 past it)"),
    "MAX_REQUEST_BODY_BYTES": ("bytes", "one order delivery (HTTP 413 past it)"),
    "REQUEST_TIMEOUT_S": ("s", "to send a whole request; then the connection is closed"),
    "MAX_QUEUED_SSE_EVENTS": ("events", "waiting for one stream viewer; past it the viewer is dropped and reconnects"),
    "SSE_KEEPALIVE_S": ("s", "between comments on an idle stream, so proxies keep it open"),
    "MAX_ORDER_COMMANDS_IN_FLIGHT": ("commands", "order lines waiting for the engine at once (RecordSale); more wait "
                                                 "their turn, so a flood of orders never holds the slots takes use"),
}
