"""Standard Webhooks signatures (standardwebhooks.com): what a receiver checks, and what we sign.

A secret is `whsec_` + base64 of random bytes; the signature is `v1,` + base64 of the HMAC-SHA256,
keyed with the decoded bytes, of `"{webhook-id}.{webhook-timestamp}.{body}"`. A header may carry
several signatures separated by spaces (during a secret's rotation); one match is enough. Receivers
refuse timestamps more than TOLERANCE_S away from their clock, so a retry is signed again with the
time of that attempt. Nothing here ever puts a secret into a message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24
TOLERANCE_S = 5 * 60


class SignatureError(ValueError):
    """A delivery that does not verify; the message names what is wrong, never a secret."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key of `whsec_<base64>` (the prefix is optional, as the spec's libraries accept)."""
    encoded = secret.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the secret is not whsec_ followed by base64") from None
    if len(key) < 16:
        raise SignatureError("the secret is shorter than 16 bytes")
    return key


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret_key(secret), f"{message_id}.{int(timestamp)}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode("ascii")


def signed_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {"webhook-id": message_id, "webhook-timestamp": str(int(timestamp)),
            "webhook-signature": signature(secret, message_id, timestamp, body),
            "content-type": "application/json"}


def verify(secret: str, headers: dict[str, str], body: bytes, now_s: float, tolerance_s: float = TOLERANCE_S) -> None:
    """Raises SignatureError unless `headers` (lower-case names) sign `body` with `secret` and a fresh time."""
    message_id = headers.get("webhook-id")
    timestamp_text = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not message_id or not timestamp_text or not signatures:
        raise SignatureError("webhook-id, webhook-timestamp and webhook-signature are all needed")
    try:
        timestamp = int(timestamp_text)
    except ValueError:
        raise SignatureError("webhook-timestamp is not whole seconds") from None
    if abs(now_s - timestamp) > tolerance_s:
        raise SignatureError(f"webhook-timestamp is more than {tolerance_s:g} s away from now")
    expected = signature(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(candidate, expected) for candidate in signatures.split(" ")):
        raise SignatureError("no signature matches")
