"""The store's configuration for the gateway process, read once when the engine starts it.

Endpoints come from the database and their secrets from the key store; both travel to the gateway in
its config frame over the channel (never argv, the environment or a log). Read before the show runs:
nothing here touches the frame loop. A change (`studio webhook add`) takes effect at the next engine
start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from studio.core.settings import SettingsStore
from studio.core.show.db import open_database
from studio.core.show import webhook_endpoints
from studio.core.show.order_secrets import order_secrets

log = logging.getLogger(__name__)


def store_config(db_path: Path | None, settings: SettingsStore, port: int | None = None,
                 secrets=None) -> dict:
    targets: list[dict] = []
    if db_path is not None:
        db = open_database(db_path)
        try:
            for endpoint in webhook_endpoints.endpoints(db):
                secret = webhook_endpoints.secret_of(endpoint.name, secrets)
                if secret is None:
                    log.warning("webhook %s: no secret in the key store; not delivered (remove and add it again)",
                                endpoint.name)
                    continue
                targets.append({"name": endpoint.name, "url": endpoint.url, "events": list(endpoint.events),
                                "secret": secret})
        finally:
            db.close()
    return {
        "db_path": None if db_path is None else str(db_path),
        "host": "127.0.0.1",
        "port": settings.get("store.port") if port is None else port,
        "targets": targets,
        "retry": {"first_retry_s": settings.get("store.webhook_first_retry_s"),
                  "backoff_cap_s": settings.get("store.webhook_backoff_cap_s"),
                  "give_up_after_s": settings.get("store.webhook_give_up_after_h") * 3600.0},
        "order_secrets": order_secrets(secrets),
        "order_max_age_s": settings.get("store.order_max_age_s"),
    }
