"""The secrets that orders coming in are checked with, in the key store (never the database):
`shopify` (the app's webhook signing secret: X-Shopify-Hmac-Sha256) and `signed` (a Standard
Webhooks `whsec_` secret for any other shop or script)."""

from __future__ import annotations

from studio.core.keystore import SecretBackend
from studio.core.show.webhook_endpoints import secret_backend
from studio.errors import UserInputError

ORDER_SOURCES = ("shopify", "signed")


def _account(source: str) -> str:
    return f"orders:{source}"


def set_order_secret(source: str, secret: str, secrets: SecretBackend | None = None) -> None:
    if source not in ORDER_SOURCES:
        raise UserInputError(f"order source {source!r}: choose {' or '.join(ORDER_SOURCES)}")
    secret = secret.strip()
    if not secret or any(ch.isspace() for ch in secret):
        raise UserInputError(f"order source {source}: the secret is empty or contains spaces")
    (secrets or secret_backend()).update(_account(source), lambda _old: secret)


def order_secrets(secrets: SecretBackend | None = None) -> dict[str, str]:
    backend = secrets or secret_backend()
    found = {source: backend.read(_account(source)) for source in ORDER_SOURCES}
    return {source: secret for source, secret in found.items() if secret}
