"""`studio relay config|use`: write a ready nginx-rtmp relay for the show's destinations, and choose the
relay this studio publishes to (docs/destinations.md, "Relay").

Keys go only into the relay's 0600 files; the publish secret is kept in the key store (the studio
adds it when it publishes) and printed masked, unless `--secret-file` asks for the whole URL in a
0600 file, which `studio relay use --url-file` on another studio computer reads back into its key
store (the setting keeps the URL without the secret).
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from studio.commands._db_option import add_leaf, open_db
from studio.core.keystore import KeyStore
from studio.core.output.relay_url import (
    DEFAULT_RTMP_PORT, DEFAULT_STAT_PORT, SECRET_ACCOUNT, SECRET_PATTERN, RelayUrl, parse_relay_url,
)
from studio.errors import UserInputError
from studio.relay.nginx_config import INSTALL_DIR, SYSTEM_CA_FILE, RelayLayout, RelayTarget, write_relay


def register(subparsers) -> None:
    parser = subparsers.add_parser("relay")
    commands = parser.add_subparsers(dest="relay_command", metavar="ACTION", required=True)
    config = add_leaf(commands, "config", "write an nginx-rtmp relay (nginx.conf, systemd unit, README) "
                                          "that pushes one stream to every enabled destination", run_config)
    config.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write the relay's files to")
    config.add_argument("--show", metavar="SHOW", help="use this show's own stream keys where it has them")
    config.add_argument("--destination", action="append", default=[], metavar="NAME",
                        help="relay this stored destination (repeatable; default: every enabled one)")
    config.add_argument("--listen", default=f"0.0.0.0:{DEFAULT_RTMP_PORT}", metavar="HOST:PORT",
                        help=f"the relay's RTMP address (default 0.0.0.0:{DEFAULT_RTMP_PORT})")
    config.add_argument("--address", metavar="HOST",
                        help="the address the studio reaches the relay at (default: the --listen host; "
                             "needed when it listens on 0.0.0.0)")
    config.add_argument("--stat-port", type=int, default=DEFAULT_STAT_PORT, metavar="PORT",
                        help=f"the relay's statistics and publish-check port (default {DEFAULT_STAT_PORT})")
    config.add_argument("--tls-port-base", type=int, default=19400, metavar="PORT",
                        help="first loopback port of the relay's TLS hops to rtmps:// platforms (default 19400)")
    config.add_argument("--ca-file", default=SYSTEM_CA_FILE, metavar="PEM",
                        help=f"CA bundle the relay trusts for rtmps:// platforms (default {SYSTEM_CA_FILE})")
    config.add_argument("--install-dir", default=INSTALL_DIR, metavar="DIR",
                        help=f"where the files go on the VM, for the systemd unit (default {INSTALL_DIR})")
    config.add_argument("--new-secret", action="store_true", help="make a new publish secret (the old one stops working)")
    config.add_argument("--secret-file", type=Path, metavar="PATH",
                        help="also write the whole --relay URL, secret included, to PATH (mode 0600)")
    use = commands.add_parser("use", help="send through this relay from now on (the streaming.relay_url setting)",
                              description="Send through a relay from now on: its secret goes to the key store, the "
                                          "URL without it to the streaming.relay_url setting.")
    chosen = use.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--url-file", type=Path, metavar="PATH", help="the file `studio relay config --secret-file` wrote")
    chosen.add_argument("--url", metavar="URL", help="a relay URL without its secret (the key store has it)")
    chosen.add_argument("--none", action="store_true", help="send to each destination directly again")
    use.set_defaults(handler=run_use)


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UserInputError(f"--listen {text}: expected HOST:PORT, e.g. 0.0.0.0:1935")
    return host, int(port)


def _secret(keystore: KeyStore, renew: bool) -> str:
    """The relay's publish secret: the stored one (the relay and the studio keep agreeing), or a new one."""
    stored = None if renew else keystore.get(SECRET_ACCOUNT)
    if stored and SECRET_PATTERN.match(stored):
        return stored
    secret = secrets.token_urlsafe(24)
    keystore.set(SECRET_ACCOUNT, secret)
    return secret


def run_config(args: argparse.Namespace) -> int:
    from studio.core.show.destinations import enabled_destinations, resolve

    host, port = _listen(args.listen)
    address = args.address or host
    if address in ("0.0.0.0", "::"):
        raise UserInputError(f"--listen {args.listen}: give --address HOST, the VM's address the studio reaches")
    if not 1 <= args.stat_port <= 65535 or args.stat_port == port:
        raise UserInputError(f"--stat-port {args.stat_port}: a port other than the RTMP port")
    keystore = KeyStore.open()
    db = open_db(args)
    try:
        if args.destination:
            chosen = [resolve(db, keystore, name, args.show) for name in dict.fromkeys(args.destination)]
        else:
            chosen = enabled_destinations(db, keystore, args.show)
    finally:
        db.close()
    if not chosen:
        raise UserInputError("no enabled destination to relay (see `studio destination list`)")
    missing = [d.name for d in chosen if d.publish_url is None]
    if missing:
        raise UserInputError(f"destination {missing[0]} has no stream key (`studio destination set-key {missing[0]} --key-stdin`)")
    relay = RelayUrl(address, port, args.stat_port, _secret(keystore, args.new_secret))
    layout = RelayLayout(listen_host=host, relay=relay, ca_file=args.ca_file, install_dir=args.install_dir,
                         tls_port_base=args.tls_port_base,
                         targets=tuple(RelayTarget(d.name, d.publish_url) for d in chosen))
    write_relay(layout, args.out)
    print(f"relay written to {args.out}: nginx.conf, studio-relay.service, README.md, secrets/ (0600; "
          f"{len(chosen)} destination(s): {', '.join(d.name for d in chosen)})")
    print(f"relay URL: {relay.masked} (the secret is in the key store: {keystore.description})")
    if args.secret_file:
        descriptor = os.open(args.secret_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(relay.with_secret + "\n")
        os.chmod(args.secret_file, 0o600)
        print(f"the whole URL, secret included, is in {args.secret_file} (mode 0600)")
    print(f"go live through it: studio broadcast --all-destinations --relay '{relay.text}'")
    return 0


def run_use(args: argparse.Namespace) -> int:
    from studio.core.settings import SettingsStore

    settings = SettingsStore()
    settings.load()
    if args.none:
        settings.set("streaming.relay_url", "")
        settings.save()
        print("the studio sends to each destination directly")
        return 0
    if args.url_file is not None:
        try:
            relay = parse_relay_url(args.url_file.read_text(encoding="utf-8").strip())
        except OSError as error:
            raise UserInputError(f"--url-file {args.url_file}: cannot read it ({error.strerror})") from None
    else:
        relay = parse_relay_url(args.url)
    keystore = KeyStore.open()
    if relay.secret:
        keystore.set(SECRET_ACCOUNT, relay.secret)
    elif not keystore.get(SECRET_ACCOUNT):
        raise UserInputError("no relay secret in the key store: give --url-file with the file "
                             "`studio relay config --secret-file` wrote")
    settings.set("streaming.relay_url", relay.text)
    settings.save()
    print(f"stored destinations now go through {relay.text} (secret in the key store: {keystore.description})")
    return 0
