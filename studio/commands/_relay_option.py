"""`--relay URL` / `--no-relay` for `studio broadcast` and `studio engine` (docs/destinations.md, "Relay").

The relay carries the landscape canvas to stored destinations; anything else (a `--to` URL, a
vertical destination) is still sent directly. Without either option, stored destinations go through
the relay of the `streaming.relay_url` setting, if one is set.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from studio.core.canvas import LANDSCAPE
from studio.core.output.encoder_settings import EncoderSettings
from studio.core.output.relay_url import SECRET_ACCOUNT, RelayUrl, check_relay, parse_relay_url, uplink_estimate_kbps
from studio.core.plan import DestinationPlan
from studio.errors import UserInputError


def add_relay_options(parser: argparse.ArgumentParser) -> None:
    relay = parser.add_mutually_exclusive_group()
    relay.add_argument("--relay", metavar="URL",
                       help="send one stream to this relay (`studio relay config`), which pushes it to every stored "
                            "landscape destination (default: the streaming.relay_url setting, if set)")
    relay.add_argument("--no-relay", action="store_true", help="send to each destination directly, whatever the setting")


def _relay_text(args: argparse.Namespace, stored: bool) -> str | None:
    if args.relay or args.no_relay or not stored:
        return args.relay
    from studio.core.settings import SettingsStore

    settings = SettingsStore()
    settings.load()
    return settings.get("streaming.relay_url") or None


def through_relay(args: argparse.Namespace, plans: tuple[DestinationPlan, ...], settings: EncoderSettings,
                  check_now: bool) -> tuple[RelayUrl | None, tuple[DestinationPlan, ...]]:
    """The relay (or None) and the plans, those it carries marked `via_relay`. Checked when going live now
    (reachable, secret accepted, every destination configured); unreachable: the error names --no-relay
    and the upload sending directly needs."""
    relayable = [plan.stored is not None and plan.canvas == LANDSCAPE for plan in plans]
    text = _relay_text(args, any(relayable))
    if not text:
        return None, plans
    relay = parse_relay_url(text)
    if relay.secret and args.relay:
        print("studio: warning: the --relay URL carries the relay's secret, which other users see in `ps`: "
              "`studio relay use --url-file PATH` keeps it in the key store", file=sys.stderr)
    if not any(relayable):
        raise UserInputError("--relay pushes to stored landscape destinations: give --destination NAME or "
                             "--all-destinations (a --to URL or a vertical destination is sent directly)")
    if relay.secret is None:
        from studio.core.keystore import KeyStore

        relay = relay.with_secret_from(KeyStore.open().get(SECRET_ACCOUNT))
        if relay.secret is None:
            raise UserInputError(f"--relay {relay.text}: no publish secret in the key store; run `studio relay config` "
                                 "on this computer, or `studio relay use --url-file` with the file it wrote")
    plans = tuple(dataclasses.replace(plan, via_relay=True) if carried else plan
                  for plan, carried in zip(plans, relayable))
    if check_now:
        relayed = [plan.stored.name for plan in plans if plan.via_relay]
        reasons = check_relay(relay, relayed)
        if reasons:
            stream_kbps = settings.video_bitrate_kbps + settings.audio_bitrate_kbps
            direct, margin = uplink_estimate_kbps(stream_kbps, len(relayed))
            raise UserInputError(f"{reasons[0]}. To send directly instead, run again with --no-relay: "
                                 f"{len(relayed)} destinations x {stream_kbps} kb/s = {direct / 1000:.1f} Mb/s of upload "
                                 f"({margin / 1000:.1f} Mb/s with a 25 % margin)")
    return relay, plans
