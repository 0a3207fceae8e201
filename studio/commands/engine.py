"""`studio engine`: a show that stays up, commanded over the control API (docs/control.md)."""

from __future__ import annotations

import ipaddress
import json
import signal
import sys
import threading
from pathlib import Path

from studio.commands.broadcast import add_show_options, build_plan, format_progress, format_state_change
from studio.wire.connect_info import control_password, remove_engine_address, write_engine_address
from studio.core.live.events import EventBus
from studio.core.live.live_control import LiveControl
from studio.core.live.monitors import Monitors
from studio.wire.protocol import DEFAULT_HOST, DEFAULT_PORT, Subscription
from studio.core.live.gateway_process import GatewayProcess
from studio.core.live.store_config import store_config
from studio.core.settings import SettingsStore
from studio.core.engine_stats import EngineStats
from studio.core.output.health import OutputHealth, OutputState
from studio.core.session import Session
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "engine",
        description="Run the program (idle unless --live) and answer the control API until stopped (SIGTERM, "
                    "Ctrl-C or the Shutdown request). Same options as `studio broadcast`.",
    )
    add_show_options(parser)
    parser.add_argument("--live", action="store_true", help="start streaming (and recording) at once")
    parser.add_argument("--control-port", type=int, default=None, metavar="PORT",
                        help=f"control API port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--control-listen", metavar="HOST:PORT",
                        help="listen for control on this address instead (needed for anything but loopback; "
                             "anyone who can reach it can try the password)")
    parser.add_argument("--store-port", type=int, default=None, metavar="PORT",
                        help="the store page (now featured, orders in) on 127.0.0.1 (default: the store.port setting, "
                             "4461; 0 picks a free one)")
    parser.set_defaults(handler=run_engine)


def _listen_address(args) -> tuple[str, int, bool]:
    if not args.control_listen:
        return DEFAULT_HOST, DEFAULT_PORT if args.control_port is None else args.control_port, False
    if args.control_port is not None:
        raise UserInputError(f"--control-port {args.control_port} and --control-listen {args.control_listen}: "
                             "give one (--control-listen HOST:PORT carries its own port)")
    host, _, port_text = args.control_listen.rpartition(":")
    host = host.strip("[]")
    if not host or not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise UserInputError(f"--control-listen {args.control_listen}: expected HOST:PORT, e.g. 0.0.0.0:4460")
    return host, int(port_text), True


def _network_warning(host: str, port: int) -> str | None:
    """What listening beyond loopback exposes, in words; None on loopback."""
    if host == "localhost" or _loopback(host):
        return None
    every = host in ("0.0.0.0", "::")
    who = ("every device that can reach this machine (its local networks, and the internet if a router "
           "forwards the port)" if every else f"every device that can reach {host}")
    return (f"studio engine: warning: control on {host}:{port} is reachable from the network: {who} can try "
            "the password and, with it, run the show; the connection is not encrypted (ws://). Prefer one LAN "
            "address over 0.0.0.0, a firewall rule for the Stream Deck's address, or 127.0.0.1")


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _settings() -> SettingsStore:
    settings = SettingsStore()
    for warning in settings.load():
        print(f"studio engine: warning: {warning}", file=sys.stderr, flush=True)
    return settings


def run_engine(args) -> int:
    host, port, allow_remote = _listen_address(args)
    password = control_password()   # refused at once if others can read its file
    plan = build_plan(args, always_open_db=True, check_reachable_now=args.live)

    def on_state_change(health: OutputHealth, previous: OutputState) -> None:
        print(format_state_change(health, previous), file=sys.stderr, flush=True)

    def on_source_state(what: str, state: str, reason: str) -> None:
        print(f"{what}: {state} ({reason})", file=sys.stderr, flush=True)

    stop = threading.Event()
    session = Session(plan, on_state_change=on_state_change, start_live=args.live, on_source_state=on_source_state)
    bus = EventBus()
    monitors = Monitors()
    live = LiveControl(session, bus, monitors, on_shutdown=stop.set)
    try:
        store = store_config(plan.show.db_path, _settings(), args.store_port)
        service = GatewayProcess(live, bus, password, host, port, allow_remote=allow_remote, store=store)
        service.start()
    except BaseException:   # e.g. the port is taken: nothing of the monitors' shared memory stays behind
        monitors.close()
        raise
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    write_engine_address(service.url)
    print(f"studio engine: control on {service.url} (password: `studio control connect-info`)", flush=True)
    if service.store_port:
        print(f"studio engine: store page on http://127.0.0.1:{service.store_port}/now "
              f"({len(store['targets'])} webhook endpoint(s))", flush=True)
    elif service.store_problem:
        print(f"studio engine: warning: {service.store_problem}; webhooks are delivered all the same",
              file=sys.stderr, flush=True)
    warning = _network_warning(host, service.port)
    if warning:
        print(warning, file=sys.stderr, flush=True)

    def on_stats(stats: EngineStats) -> None:
        live.on_stats(stats)
        if not args.quiet:
            print(format_progress(stats), file=sys.stderr, flush=True)

    try:
        stats = session.run(stop=stop, on_stats=on_stats)
    finally:
        bus.obs("ExitStarted", {}, Subscription.GENERAL)
        remove_engine_address()
        service.stop()
        live.close()
        monitors.close()
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps({**stats.as_dict(), **live.stats_dict()}, indent=2))
    for path in session.recordings_written:
        print(f"recording written to {path}", file=sys.stderr)
    return 0
