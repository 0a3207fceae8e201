"""`studio host`: the host view, full screen on a screen of its own (docs/host-view.md)."""

from __future__ import annotations

import os
from pathlib import Path

from studio.errors import UserInputError

PASSWORD_ENV = "STUDIO_CONTROL_PASSWORD"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "host",
        description="A window for the presenter, readable from 3 m, following a running `studio engine`. "
                    "It only reads: closing it changes nothing on air.")
    parser.add_argument("--screen", type=int, default=None, metavar="N",
                        help="show full screen on screen N (0 is the first; default: the last screen, or a window "
                             "when there is only one; F11 toggles full screen, Esc leaves it)")
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    parser.add_argument("--url", help="ws://HOST:PORT of an engine on another machine (default: the local one)")
    parser.add_argument("--password-file", type=Path, metavar="PATH",
                        help=f"with --url: a file holding the control password (else ${PASSWORD_ENV}, "
                             "else this user's password file); never on the command line")
    parser.add_argument("--mirror", action="store_true", default=None, help="mirror the teleprompter (glass)")
    parser.add_argument("--speed", type=float, metavar="PX_S", help="teleprompter speed in pixels per second")
    parser.set_defaults(handler=run_host)


def client_factory(args):
    """A function making a fresh ControlClient for each (re)connection attempt."""
    from studio.wire.client import ControlClient, find_local_engine
    from studio.wire.connect_info import control_password

    if args.url is None:
        if args.password_file is not None:
            raise UserInputError("--password-file: only with --url (the local engine's password is found by itself)")
        return lambda: ControlClient(*find_local_engine())
    if args.password_file is not None:
        try:
            password = args.password_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise UserInputError(f"--password-file {args.password_file}: cannot read it "
                                 f"({(error.strerror or type(error).__name__).lower()})") from None
        if not password:
            raise UserInputError(f"--password-file {args.password_file}: the file is empty")
    else:
        password = os.environ.get(PASSWORD_ENV) or control_password(create=False)
    return lambda: ControlClient(args.url, password)


def run_host(args) -> int:
    make_client = client_factory(args)
    from studio.ui.host_app import run_host_view

    return run_host_view(make_client, screen=args.screen, windowed=args.windowed, mirror=args.mirror,
                         speed_px_s=args.speed)
