"""Destinations managed live: AddDestination, RemoveDestination, SetDestinationEnabled.

Run on the engine's worker thread (SQLite, the key store, a TCP reachability check);
what changes the engine's outputs is handed to the engine thread as AttachDestination /
DetachDestination, applied at a tick. Stored exactly as `studio destination add` stores
(studio/core/show/destinations.py): the URL without its key in the database, the key in
the key store. The key is in no answer, event, log line or error message.

Preflight runs before anything is written: a refusal names the request field it is about
(`url`, `key`, `canvas`, `preset`, `name`), or the engine setting for limits the
destination cannot change (bitrate, keyframe interval, frame rate, audio).
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.canvas import CANVAS_NAMES, VERTICAL
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status
from studio.core.keystore import KeyStore, check_key
from studio.core.output.destination import check_reachable
from studio.core.output.platforms import get_platform
from studio.core.output.preflight import preflight
from studio.core.output.stream_url import join_key, redact_url
from studio.core.plan import DestinationPlan
from studio.core.show import destinations as store
from studio.errors import UserInputError

# preflight check -> the AddDestination field it is about
CHECK_FIELDS = {"url": "url", "key": "key", "orientation": "canvas", "resolution": "canvas"}


@dataclass(frozen=True)
class _Candidate:
    """What preflight needs, before anything is stored."""
    name: str
    preset: str
    url: str
    key_state: str


def _refuse(request: str, field: str, reason: str, code: Status = Status.INVALID_REQUEST_FIELD) -> CommandError:
    return CommandError(code, f"{request}: field {field!r}: {reason}")


def _require_db(db) -> None:
    if db is None:
        raise CommandError(Status.CANNOT_ACT, "this engine has no database (start it with --db or --show)")


def _preflight(session, request: str, candidate, canvas: str, check_key_too: bool) -> None:
    report = preflight(session.plan.encoder_for(canvas), candidate)
    for failure in report.failures:
        if failure.check == "key" and not check_key_too:
            continue
        field = CHECK_FIELDS.get(failure.check)
        if field is None:
            raise CommandError(Status.RESOURCE_CREATION_FAILED,
                               f"{request}: refused by preflight: {failure.reason} (the engine's {failure.check} "
                               "setting; change it in Settings and restart the engine)")
        raise _refuse(request, field, f"refused by preflight: {failure.reason}")


def _check_canvas(session, request: str, wanted: str, platform) -> str:
    canvas = wanted or platform.default_canvas
    if canvas not in CANVAS_NAMES:
        raise _refuse(request, "canvas", f"{canvas!r} is not one of {', '.join(CANVAS_NAMES)}")
    if canvas == VERTICAL and session.plan.vertical is None:
        raise _refuse(request, "canvas", "this engine has no vertical canvas (start it with --to-vertical, "
                                         "--record-vertical or a vertical destination); choose landscape")
    return canvas


def _check_reachable_if_live(session, request: str, destination: DestinationPlan) -> None:
    if not session.streaming:
        return
    try:
        check_reachable(destination.url, label=destination.label)
    except UserInputError as error:
        raise _refuse(request, "url", str(error)) from None


def add_destination(session, db, show_name: str | None, request: c.AddDestination) -> tuple[dict, c.Command | None]:
    """Worker thread: checked, preflighted, stored; the answer and (enabled) the engine command attaching it."""
    _require_db(db)
    name = "AddDestination"
    try:
        store.check_name(request.name)
    except UserInputError as error:
        raise _refuse(name, "name", str(error)) from None
    try:
        platform = get_platform(request.preset)
    except UserInputError as error:
        raise _refuse(name, "preset", str(error)) from None
    canvas = _check_canvas(session, name, request.canvas, platform)
    try:
        if not request.url and platform.default_url is None:
            raise UserInputError(f"the {platform.display_name} preset needs the ingest URL "
                                 f"(find it at {platform.where_to_find})")
        base_url, url_key = store.split_key_from_url(request.url or platform.default_url, platform, request.name)
        store.check_url(base_url, platform, request.name)
    except UserInputError as error:
        raise _refuse(name, "url", str(error)) from None
    key = join_key(request.key, url_key) if request.key else url_key   # KEY beside a URL's `?token=...`
    if key is None and request.key:
        raise _refuse(name, "key", "the URL already ends in a stream key and a key was given too; give it once")
    if key:
        try:
            check_key(key, request.name)
        except UserInputError as error:
            raise _refuse(name, "key", str(error)) from None
    _preflight(session, name, _Candidate(request.name, request.preset, base_url, "set" if key else "missing"),
               canvas, check_key_too=request.enabled)
    if db.execute("SELECT 1 FROM destinations WHERE name = ?", [request.name]).fetchone():
        raise _refuse(name, "name", f"destination {request.name} already exists (remove it first)")
    keystore = KeyStore.open()
    if request.enabled and session.streaming:   # unreachable while live: refused before anything is stored
        probe = store.publish_url(base_url, key) if key else base_url
        _check_reachable_if_live(session, name, DestinationPlan(label=request.name, url=probe, canvas=canvas))
    # An explicit canvas is stored with it; none keeps following the platform's default.
    added = store.add_destination(db, keystore, request.name, request.preset, url=base_url, key=key or None,
                                  canvas=request.canvas or None)
    answer = {"name": request.name, "preset": request.preset, "canvas": canvas, "enabled": request.enabled,
              "url": redact_url(added.destination.url)}
    if not request.enabled:
        store.set_enabled(db, request.name, False)
        listing = {"label": f"{request.name} ({answer['url']})", "name": request.name, "canvas": canvas}
        return answer, c.DetachDestination(name=request.name, keep_listed=True, listing=listing)
    return answer, c.AttachDestination(destination=_plan(db, keystore, show_name, request.name, canvas),
                                       keystore=keystore)


def _plan(db, keystore: KeyStore, show_name: str | None, name: str, canvas: str) -> DestinationPlan:
    resolved = store.resolve(db, keystore, name, show_name)
    return DestinationPlan(label=resolved.label, url=resolved.publish_url or resolved.url, stored=resolved,
                           canvas=canvas)


def disabled_listing(db) -> dict[str, dict]:
    """The stored destinations switched off, as the state lists them (read once, when the service starts)."""
    if db is None:
        return {}
    return {d.name: {"label": f"{d.name} ({redact_url(d.url)})", "name": d.name,
                     "canvas": d.canvas}
            for d in store.list_destinations(db) if not d.enabled}


def remove_destination(db, request: c.RemoveDestination) -> c.DetachDestination:
    _require_db(db)
    try:
        store.get_destination(db, request.name)
    except UserInputError as error:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"RemoveDestination: {error}") from None
    return c.DetachDestination(name=request.name)


def forget_destination(db, name: str) -> None:
    """Worker thread, once the engine stopped sending to it: the row and every key kept for it."""
    store.remove_destination(db, KeyStore.open(), name)


def write_enabled(db, name: str, enabled: bool) -> None:
    store.set_enabled(db, name, enabled)


def set_enabled(session, db, show_name: str | None, request: c.SetDestinationEnabled) -> c.Command:
    """Worker thread: the engine command; enabling preflights the stored destination on its stored canvas
    (or its platform's default) first. The database is written (write_enabled) once the engine has applied it."""
    _require_db(db)
    name = "SetDestinationEnabled"
    try:
        stored = store.get_destination(db, request.name)
    except UserInputError as error:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"{name}: {error}") from None
    if not request.enabled:
        return c.DetachDestination(name=request.name, keep_listed=True)
    canvas = _check_canvas(session, name, stored.chosen_canvas or "", get_platform(stored.preset))
    keystore = KeyStore.open()
    destination = _plan(db, keystore, show_name, request.name, canvas)
    _preflight(session, name, destination.stored, canvas, check_key_too=True)
    _check_reachable_if_live(session, name, destination)
    return c.AttachDestination(destination=destination, keystore=keystore)


__all__ = ["add_destination", "remove_destination", "forget_destination", "set_enabled", "write_enabled"]
