"""`python -m studio.gateway FD`: the gateway process, started and supervised by the engine.

FD is its end of the channel (studio.gateway.channel). The first frame is the configuration
(the control password travels here, never in argv or the environment); the gateway answers
`ready` with the port it listens on, or `error` with a one-line reason. It runs at a lower CPU
priority than the engine, dies with it (the channel closes; on Linux also PR_SET_PDEATHSIG), and
stops when the engine sends `stop`.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import socket
import sys

from studio.gateway.channel import Channel, ChannelClosed

# Below the engine: a flood of clients costs this process's share of the CPU, not the show's.
GATEWAY_NICENESS = 10


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


async def _run(channel: Channel, config: dict) -> int:
    from studio.errors import StudioError
    from studio.gateway.engine_link import EngineLink
    from studio.gateway.server import ControlService

    loop = asyncio.get_running_loop()
    service: ControlService | None = None
    store = None
    comments = None

    def on_engine_frame(frame: dict) -> None:
        if service is not None:
            service.broadcast(frame.get("type", ""), frame.get("data") or {}, int(frame.get("intent", 0)),
                              bool(frame.get("vendor", True)))
        if store is not None and frame.get("vendor", True):
            store.on_engine_event(frame.get("type", ""), frame.get("data") or {})
        if comments is not None:
            comments.engine_event(frame.get("type", ""), frame.get("data") or {})

    link = EngineLink(channel, loop, on_engine_frame)
    try:
        service = ControlService(link, config["password"], config["host"], config["port"],
                                 allow_remote=bool(config.get("allow_remote")),
                                 output_size=(config.get("width", 0), config.get("height", 0)))
    except StudioError as error:
        channel.send({"t": "error", "message": str(error)})
        return 2
    link.on_stop = service.stopped.set
    store_said: dict = {}
    if config.get("store") is not None:
        from studio.gateway.store_service import StoreService

        store = StoreService(config["store"], link)
        store_listening = asyncio.Event()

        def on_store_listening(port: int | None, problem: str | None) -> None:
            store_said.update(store_port=port, store_problem=problem)
            store_listening.set()

        store_task = asyncio.create_task(store.serve(on_store_listening, service.stopped))  # noqa: F841 (held)
        await store_listening.wait()
    link.start()
    listening = asyncio.Event()

    def on_listening(port: int) -> None:
        channel.send({"t": "ready", "port": port, **store_said})   # the engine's first frame from us: before any beat
        listening.set()
        if store is not None:   # only after `ready`: the engine takes no command before it
            store.seeding = asyncio.create_task(store.seed())

    async def audience() -> None:
        """The show's comments (docs/comments.md), once the control server listens."""
        nonlocal comments
        await listening.wait()
        from studio.gateway.comments.service import CommentService
        try:
            comments = service.comments = CommentService(
                loop, link, lambda event_type, data: service.broadcast(event_type, data, 0, True), config["db_path"],
                config["show"])
        except Exception as error:   # noqa: BLE001 - no comments, said once; control goes on
            logging.getLogger("studio.gateway").warning("comments are off: %s", error)
            return
        await comments.run(service.stopped)

    audience_task = asyncio.create_task(audience()) if config.get("show") and config.get("db_path") else None
    serving = asyncio.create_task(service.serve(on_listening))
    closed = asyncio.create_task(link.closed.wait())
    done, _ = await asyncio.wait({serving, closed}, return_when=asyncio.FIRST_COMPLETED)
    if serving in done and serving.exception() is not None:
        error = serving.exception()
        reason = getattr(error, "strerror", None) or type(error).__name__
        channel.send({"t": "error", "message": f"control address {config['host']}:{config['port']}: cannot listen ({reason})"})
        return 2
    service.stopped.set()
    await asyncio.wait_for(serving, 5.0)
    if audience_task is not None:
        try:
            await asyncio.wait_for(audience_task, 10.0)
        except asyncio.TimeoutError:   # the comment bus's last batch: the engine stops us regardless
            pass
    return 0


def main(argv: list[str]) -> int:
    from studio import crash_reports

    crash_reports.install("gateway", settings=False)     # the engine's settings are none of its business
    _die_with_parent()
    os.nice(GATEWAY_NICENESS)
    logging.basicConfig(level=logging.WARNING, format="gateway: %(message)s")
    channel = Channel(socket.socket(fileno=int(argv[0])), send_timeout_s=10.0)
    try:
        config = channel.receive()
    except ChannelClosed:
        return 1
    if config.get("t") != "config":
        return 1
    try:
        return asyncio.run(_run(channel, config))
    except ChannelClosed:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
