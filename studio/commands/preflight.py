"""`studio preflight`: would each destination accept the show's encoder settings?"""

from __future__ import annotations

import argparse

from studio.commands._db_option import add_leaf, open_db
from studio.commands._encoder_options import add_encoder_options, encoder_settings
from studio.core.keystore import KeyStore
from studio.core.output.preflight import PreflightReport, Verdict, preflight
from studio.core.show.destinations import enabled_destinations, resolve

MARKS = {Verdict.PASS: "ok  ", Verdict.WARN: "warn", Verdict.FAIL: "FAIL"}


def register(subparsers) -> None:
    parser = add_leaf(subparsers, "preflight",
                      "check the encoder settings against each destination's platform limits", run_preflight)
    parser.add_argument("--destination", action="append", default=[], metavar="NAME",
                        help="check this stored destination (repeatable; default: every enabled one)")
    parser.add_argument("--show", metavar="SHOW", help="check this show's own stream keys where it has them")
    add_encoder_options(parser)


def format_report(report: PreflightReport, label: str) -> list[str]:
    verdict = "would be rejected" if report.failures else ("ok, with warnings" if report.warnings else "ok")
    lines = [f"{label} [{report.platform}]: {verdict}"]
    lines += [f"  {MARKS[r.verdict]}  {r.check}: {r.reason}" for r in report.results]
    return lines


def run_preflight(args: argparse.Namespace) -> int:
    settings = encoder_settings(args)
    keystore = KeyStore.open()
    db = open_db(args)
    if args.destination:
        targets = [resolve(db, keystore, name, args.show) for name in dict.fromkeys(args.destination)]
    else:
        targets = enabled_destinations(db, keystore, args.show)
    print(f"encoder: {settings.width}x{settings.height} {settings.fps} fps, video {settings.video_bitrate_kbps} kb/s, "
          f"audio AAC {settings.audio_bitrate_kbps} kb/s, keyframe every {settings.keyframe_interval_s:g} s")
    if not targets:
        print("no enabled destinations to check (see `studio destination list`)")
        return 0
    failed = 0
    for target in targets:
        report = preflight(settings, target)
        failed += not report.ok
        print("\n".join(format_report(report, target.label)))
    if failed:
        print(f"{failed} of {len(targets)} destination(s) would be rejected")
        return 1
    return 0
