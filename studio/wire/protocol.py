"""obs-websocket v5 wire constants and the challenge-response authentication.

Numbers are obs-websocket's own (docs/generated/protocol.md in obsproject/obs-websocket),
so clients written for OBS understand our answers.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from enum import IntEnum, IntFlag

VENDOR_NAME = "live-shopping-studio"
RPC_VERSION = 1
OBS_WEBSOCKET_VERSION = "5.5.0"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4460
MAX_MESSAGE_BYTES = 1024 * 1024


class Op(IntEnum):
    HELLO = 0
    IDENTIFY = 1
    IDENTIFIED = 2
    REIDENTIFY = 3
    EVENT = 5
    REQUEST = 6
    REQUEST_RESPONSE = 7
    REQUEST_BATCH = 8
    REQUEST_BATCH_RESPONSE = 9


class Status(IntEnum):
    SUCCESS = 100
    MISSING_REQUEST_TYPE = 203
    UNKNOWN_REQUEST_TYPE = 204
    GENERIC_ERROR = 205
    UNSUPPORTED_BATCH_EXECUTION_TYPE = 206
    NOT_READY = 207
    MISSING_REQUEST_FIELD = 300
    MISSING_REQUEST_DATA = 301
    INVALID_REQUEST_FIELD = 400
    INVALID_REQUEST_FIELD_TYPE = 401
    REQUEST_FIELD_OUT_OF_RANGE = 402
    REQUEST_FIELD_EMPTY = 403
    TOO_MANY_REQUEST_FIELDS = 404
    OUTPUT_RUNNING = 500
    OUTPUT_NOT_RUNNING = 501
    RESOURCE_NOT_FOUND = 600
    RESOURCE_ALREADY_EXISTS = 601
    RESOURCE_CREATION_FAILED = 700
    RESOURCE_ACTION_FAILED = 701
    REQUEST_PROCESSING_FAILED = 702
    CANNOT_ACT = 703


class CloseCode(IntEnum):
    UNKNOWN_REASON = 4000
    MESSAGE_DECODE_ERROR = 4002
    MISSING_DATA_FIELD = 4003
    INVALID_DATA_FIELD_TYPE = 4004
    INVALID_DATA_FIELD_VALUE = 4005
    UNKNOWN_OP_CODE = 4006
    NOT_IDENTIFIED = 4007
    ALREADY_IDENTIFIED = 4008
    AUTHENTICATION_FAILED = 4009
    UNSUPPORTED_RPC_VERSION = 4010


class BatchExecution(IntEnum):
    SERIAL_REALTIME = 0
    SERIAL_FRAME = 1
    PARALLEL = 2


class Subscription(IntFlag):
    GENERAL = 1 << 0
    CONFIG = 1 << 1
    SCENES = 1 << 2
    INPUTS = 1 << 3
    TRANSITIONS = 1 << 4
    FILTERS = 1 << 5
    OUTPUTS = 1 << 6
    SCENE_ITEMS = 1 << 7
    MEDIA_INPUTS = 1 << 8
    VENDORS = 1 << 9
    UI = 1 << 10
    ALL = (1 << 11) - 1
    # high-volume, never part of ALL: asked for explicitly (obs-websocket's value)
    INPUT_VOLUME_METERS = 1 << 16


def new_salt_and_challenge() -> tuple[str, str]:
    return secrets.token_urlsafe(24), secrets.token_urlsafe(24)


def auth_response(password: str, salt: str, challenge: str) -> str:
    """obs-websocket's `base64(sha256(base64(sha256(password + salt)) + challenge))`."""
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + challenge).encode()).digest()).decode()


def auth_matches(password: str, salt: str, challenge: str, response: object) -> bool:
    return isinstance(response, str) and secrets.compare_digest(auth_response(password, salt, challenge), response)
