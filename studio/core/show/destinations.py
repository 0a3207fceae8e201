"""Stored destinations: name, preset, ingest URL (without its key), enabled, canvas.

The stream key never enters the database: it goes to the `KeyStore`. A key
pasted into the URL (`rtmps://a.rtmps.youtube.com/live2/abcd-efgh-...`, the
mistake that leaked keys in obs-multi-rtmp #256) is split off and stored as the
key; the caller tells the user, masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import sqlite_utils

from studio.core.canvas import CANVAS_NAMES
from studio.core.keystore import KeyStore, check_key
from studio.core.output.platforms import Platform, UrlSource, get_platform
from studio.core.output.stream_url import (
    EVERY_NAME_PUBLIC, join_key, mask_secret, parse_stream_url, redact_url,
)
from studio.core.show.db import transaction
from studio.errors import UserInputError

_WHOLE_PATH = 64  # a stored server URL: every path segment is the application
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")


class KeyState(str, Enum):
    SET = "set"
    MISSING = "missing"
    USED = "used"  # a single-use key that already went live


@dataclass(frozen=True)
class Destination:
    name: str
    preset: str
    url: str  # never contains the key
    enabled: bool
    chosen_canvas: str | None = None  # None: the platform's default canvas

    @property
    def canvas(self) -> str:
        return self.chosen_canvas or get_platform(self.preset).default_canvas


@dataclass(frozen=True)
class AddedDestination:
    destination: Destination
    moved_key_masked: str | None = None  # `****abcd` when a key was split off the URL


@dataclass(frozen=True)
class ResolvedDestination:
    """A destination ready for an output worker. Only `publish_url` carries the key."""

    name: str
    preset: str
    url: str                      # without the key
    publish_url: str | None       # URL + key; None when the key is missing
    label: str                    # redacted, for people and logs
    key_state: KeyState
    show: str | None = None
    ca_file: str | None = None
    canvas: str = "landscape"     # the canvas whose encode it receives

    @property
    def platform(self) -> Platform:
        return get_platform(self.preset)

    def __repr__(self) -> str:
        return (f"ResolvedDestination(name={self.name!r}, preset={self.preset!r}, label={self.label!r}, "
                f"key={self.key_state.value}, show={self.show!r}, ca_file={self.ca_file!r}, canvas={self.canvas!r})")

    __str__ = __repr__


def split_key_from_url(url: str, platform: Platform, name: str | None = None) -> tuple[str, str | None]:
    """(URL without key, key or None), by the one stream-URL parser: a key in the path (past the
    preset's application segments, trailing slash or not) or in the query (`?key=`, `?streamKey=`).

    A query string after a key belongs to the key (Facebook and TikTok keys carry one); any other
    query value the preset does not declare public (`?token=...`) is part of the secret too.
    """
    what = f"destination {name}: URL" if name else "destination URL"
    parsed = parse_stream_url(url, platform.app_path_segments, what=what,
                              public_query={name.lower() for name in platform.public_query})
    base = parsed.server
    if parsed.key is not None and not parsed.server_query and (platform.default_url or "").endswith("/"):
        base = base.rstrip("/") + "/"  # keep the preset's own spelling (Facebook's .../rtmp/)
    return base, parsed.key


def publish_url(url: str, key: str) -> str:
    """The stored server URL with `key` put where RTMP servers read it (before any server query)."""
    return parse_stream_url(url, app_path_segments=_WHOLE_PATH, public_query=EVERY_NAME_PUBLIC).with_key(key).publish_url


def check_url(url: str, platform: Platform, name: str) -> None:
    """Scheme, host and application path; the message never shows the key."""
    parsed = parse_stream_url(url, app_path_segments=_WHOLE_PATH, what=f"destination {name}: URL",
                              public_query=EVERY_NAME_PUBLIC)
    if parsed.userinfo:  # the database keeps only what may be shown
        raise UserInputError(f"destination {name}: URL {parsed.masked}: a user name and password in the URL would be "
                             "stored in plain text; use the server's stream key instead (or --to for a one-off)")
    if parsed.scheme not in platform.schemes:
        raise UserInputError(f"destination {name}: {platform.display_name} accepts rtmps:// only, not {parsed.scheme}://")


def check_canvas(canvas: str, platform: Platform, name: str) -> str:
    """A canvas name, refused when the platform is known to take landscape only (preflight judges the rest)."""
    if canvas not in CANVAS_NAMES:
        raise UserInputError(f"destination {name}: canvas {canvas!r} is not one of {', '.join(CANVAS_NAMES)}")
    if canvas == "vertical" and platform.vertical_accepted is False:
        raise UserInputError(f"destination {name}: {platform.display_name} does not take a vertical stream "
                             f"(source: {platform.orientation.source_text}); use canvas landscape")
    return canvas


def check_name(name: str) -> None:
    if not NAME_PATTERN.match(name):
        raise UserInputError(f"destination name {name!r}: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit")


def add_destination(db: sqlite_utils.Database, keystore: KeyStore, name: str, preset: str,
                    url: str | None = None, key: str | None = None, show: str | None = None,
                    canvas: str | None = None) -> AddedDestination:
    """Store a destination; a key in the URL is moved to the key store. Raises if the name is taken.
    `canvas` None keeps the platform's default canvas."""
    check_name(name)
    platform = get_platform(preset)
    if canvas is not None:
        check_canvas(canvas, platform, name)
    if url is None:
        if platform.url_source is not UrlSource.FIXED:
            raise UserInputError(
                f"destination {name}: the {platform.display_name} preset needs --url ({platform.url_source.value}; "
                f"find it at {platform.where_to_find})"
            )
        url = platform.default_url
    base_url, url_key = split_key_from_url(url, platform, name)
    check_url(base_url, platform, name)
    if key is not None:
        joined = join_key(key, url_key)   # a key given beside a URL whose secret is only `?token=...`
        if joined is None:
            raise UserInputError(f"destination {name}: the URL already ends in a stream key ({mask_secret(url_key)}) "
                                 "and a key was given too; give the key once")
        key = joined
    else:
        key = url_key
    if key is not None:
        key = check_key(key, name)
    with transaction(db):
        if db.execute("SELECT 1 FROM destinations WHERE name = ?", [name]).fetchone():
            raise UserInputError(f"destination {name}: already exists (remove it first, or use set-key to change its key)")
        db["destinations"].insert({"name": name, "preset": preset, "url": base_url, "enabled": 1, "canvas": canvas})
        if key is not None:
            keystore.set(name, key, show=show)
    return AddedDestination(Destination(name, preset, base_url, True, canvas),
                            moved_key_masked=mask_secret(url_key) if url_key is not None else None)


_COLUMNS = "name, preset, url, enabled, canvas"


def get_destination(db: sqlite_utils.Database, name: str) -> Destination:
    row = db.execute(f"SELECT {_COLUMNS} FROM destinations WHERE name = ?", [name]).fetchone()
    if row is None:
        raise UserInputError(f"no destination named {name!r} (see `studio destination list`)")
    return Destination(row[0], row[1], row[2], bool(row[3]), row[4])


def list_destinations(db: sqlite_utils.Database) -> list[Destination]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM destinations ORDER BY name").fetchall()
    return [Destination(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]


def remove_destination(db: sqlite_utils.Database, keystore: KeyStore, name: str) -> None:
    get_destination(db, name)
    with transaction(db):
        db.execute("DELETE FROM destinations WHERE name = ?", [name])
    keystore.forget(name)


def set_enabled(db: sqlite_utils.Database, name: str, enabled: bool) -> Destination:
    get_destination(db, name)
    with transaction(db):
        db.execute("UPDATE destinations SET enabled = ? WHERE name = ?", [int(enabled), name])
    return get_destination(db, name)


def set_canvas(db: sqlite_utils.Database, name: str, canvas: str | None) -> Destination:
    """Bind a stored destination to a canvas (None: back to its platform's default)."""
    destination = get_destination(db, name)
    if canvas is not None:
        check_canvas(canvas, get_platform(destination.preset), name)
    with transaction(db):
        db.execute("UPDATE destinations SET canvas = ? WHERE name = ?", [canvas, name])
    return get_destination(db, name)


def set_key(db: sqlite_utils.Database, keystore: KeyStore, name: str, key: str, show: str | None = None) -> None:
    """A new stream key. When the secret so far is only the URL's query values (`?token=...`, no key),
    the key joins them (`KEY?token=...`); any other key is replaced whole."""
    get_destination(db, name)
    current = keystore.get(name, show)
    if current is not None and current.startswith("?"):
        key = join_key(check_key(key, name), current) or key
    keystore.set(name, key, show=show)


def key_state(keystore: KeyStore, name: str, show: str | None = None) -> KeyState:
    if keystore.get(name, show) is None:
        return KeyState.MISSING
    return KeyState.USED if keystore.is_used(name, show) else KeyState.SET


def resolve(db: sqlite_utils.Database, keystore: KeyStore, name: str, show: str | None = None,
            ca_file: str | None = None) -> ResolvedDestination:
    destination = get_destination(db, name)
    key = keystore.get(name, show)
    state = key_state(keystore, name, show)
    full_url = publish_url(destination.url, key) if key is not None else None
    label = f"{name} ({redact_url(full_url) if full_url else redact_url(destination.url)})"
    return ResolvedDestination(name=name, preset=destination.preset, url=destination.url, publish_url=full_url,
                               label=label, key_state=state, show=show, ca_file=ca_file, canvas=destination.canvas)


def enabled_destinations(db: sqlite_utils.Database, keystore: KeyStore, show: str | None = None,
                         ca_file: str | None = None) -> list[ResolvedDestination]:
    return [resolve(db, keystore, d.name, show, ca_file) for d in list_destinations(db) if d.enabled]
