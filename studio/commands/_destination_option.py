"""Stored destinations for `studio broadcast`: `--destination NAME`, `--all-destinations`.

The broadcast command calls `resolve_for_broadcast(args, settings)` before it
starts anything: each destination is resolved (URL + key from the key store) and
preflighted, and one that would be rejected stops the broadcast with the reason.
After a destination has gone live, `after_live(keystore, destination)` spends its
single-use key (TikTok, Instagram).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Callable

from studio.commands._db_option import add_db_option, open_db
from studio.errors import UserInputError

if TYPE_CHECKING:  # loaded only when a stored destination is asked for: sqlite-utils and keyring are slow to import
    from studio.core.keystore import KeyStore
    from studio.core.output.encoder_settings import EncoderSettings
    from studio.core.show.destinations import ResolvedDestination


def add_destination_options(parser: argparse.ArgumentParser) -> None:
    """Adds --destination (repeatable), --all-destinations, --show and --db unless already present."""
    parser.add_argument("--destination", action="append", default=[], metavar="NAME",
                        help="send to this stored destination (repeatable; see `studio destination list`)")
    parser.add_argument("--all-destinations", action="store_true", help="send to every enabled stored destination")
    existing = {option for action in parser._actions for option in action.option_strings}
    if "--show" not in existing:
        parser.add_argument("--show", metavar="SHOW", help="use this show's own stream keys where it has them")
    if "--db" not in existing:
        add_db_option(parser)


def resolve_for_broadcast(args: argparse.Namespace, settings: EncoderSettings,
                          keystore: KeyStore | None = None,
                          settings_for: Callable[[ResolvedDestination], EncoderSettings] | None = None,
                          ) -> list[ResolvedDestination]:
    """The stored destinations to start, each preflighted (with `settings_for(destination)`: the settings
    of the canvas it is bound to, else `settings`); raises naming the first one refused."""
    names = list(dict.fromkeys(getattr(args, "destination", None) or []))
    everything = getattr(args, "all_destinations", False)
    if not names and not everything:
        return []
    from studio.core.keystore import KeyStore
    from studio.core.output.preflight import preflight
    from studio.core.show.destinations import enabled_destinations, resolve

    keystore = keystore or KeyStore.open()
    show = getattr(args, "show", None)
    ca_file = getattr(args, "ca_file", None)
    db = open_db(args)
    try:
        resolved = [resolve(db, keystore, name, show, ca_file) for name in names]
        if everything:
            resolved += [d for d in enabled_destinations(db, keystore, show, ca_file) if d.name not in names]
    finally:
        db.close()
    if everything and not resolved:
        raise UserInputError("--all-destinations: no destination is enabled (see `studio destination list`)")
    for destination in resolved:
        report = preflight(settings_for(destination) if settings_for else settings, destination)
        if not report.ok:
            reasons = "; ".join(result.reason for result in report.failures)
            raise UserInputError(f"destination {destination.name} refused by preflight: {reasons}")
    return resolved


def after_live(keystore: KeyStore, destination: ResolvedDestination) -> None:
    """Call once the destination has written its first packets: a single-use key is now spent."""
    if destination.platform.key_single_use and destination.publish_url is not None:
        keystore.mark_used(destination.name, destination.show)
