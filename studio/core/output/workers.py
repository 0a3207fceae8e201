"""Output worker processes: starting one, and starting some ahead of the outputs that will use them.

Every output (a destination, a recording) is written by a spawned worker process (see
sink_worker.py). A fresh worker is a new interpreter that must import PyAV before it can
connect: about 0.2 s, on top of the engine's own start-up. `prestart_workers(count)`,
called by `studio broadcast` before it imports the engine, starts workers that load PyAV
while the engine is still loading; the first outputs to start take them (`take_warm`)
and hand them their SinkSpec, so a destination's first byte no longer waits for a fresh
interpreter (docs/performance.md, start-up). A warm worker nobody takes exits by itself
after WARM_WAIT_S, or at once when this process exits (its pipe closes): nothing lingers.

`connect_early(specs)` tells warm workers which destinations they will most likely be given: each
connects to its own at once (early_connect.py), and `take_warm` hands a spec to the worker already
connected for it, else to one that is not (a worker connected for another output reconnects).
The specs travel over the worker's pipe, never in its argv.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from studio.child_processes import worker_context
from studio.core.output.early_connect import EarlyTarget
from studio.core.output.sink_worker import SinkSpec, run_warm_worker



_CONTEXT = worker_context()
STARTER_WAIT_S = 10.0
_warm: list[Worker] = []
_warm_lock = threading.Lock()
_early_targets: list[SinkSpec] = []      # given to the next warm workers as they start
_starter: threading.Thread | None = None
_atexit_registered = False


@dataclass
class Worker:
    """A worker process with our ends of its two pipes: packets go in, reports come back."""

    process: multiprocessing.Process
    packet_sender: Connection
    status_reader: Connection
    early_target: SinkSpec | None = None    # a warm worker: the output it connected to ahead (connect_early)

    def discard(self, timeout_s: float = 1.0) -> None:
        """Close our ends (the worker sees end-of-file and exits) and wait for it, killing it if need be."""
        for connection in (self.packet_sender, self.status_reader):
            connection.close()
        self.process.join(timeout_s)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout_s)


def spawn_worker(target, args: tuple, name: str, role: str = "output worker", context=None) -> Worker:
    """Start `target(*args, packet_reader, status_writer)` in a worker process; `role` names it in its
    crash reports; `context`: a multiprocessing context other than the fork server's."""
    _ensure_exit_handler()
    context = context or _CONTEXT
    packet_reader, packet_sender = context.Pipe(duplex=False)
    status_reader, status_writer = context.Pipe(duplex=False)
    # A forked child holds copies of every descriptor, our ends too: it closes those, or the pipes would
    # never reach end-of-file when this process dies, and it would outlive it (the fork server's and
    # spawn's children get only their own ends).
    ours = (packet_sender, status_reader) if context.get_start_method() == "fork" else ()
    process = context.Process(target=_worker_main, args=(role, ours, target, *args, packet_reader, status_writer),
                              name=name, daemon=False)
    process.start()
    # Close our copies so the worker sees end-of-file when this process dies.
    packet_reader.close()
    status_writer.close()
    return Worker(process, packet_sender, status_reader)


def _worker_main(role: str, parents_ends: tuple, target, *args) -> None:
    """A worker's first and last steps: crash reports on (its fatal signal or uncaught exception leaves one),
    and its running files removed when it ends normally (multiprocessing's children skip atexit)."""
    from studio import crash_reports

    for connection in parents_ends:
        connection.close()

    crash_reports.install(role)
    try:
        target(*args)
    except BaseException as error:    # multiprocessing prints it and never calls the exception hook
        crash_reports.report_exception(error)
        raise
    finally:
        crash_reports.finish()


def prestart_workers(count: int) -> None:
    """Start `count` workers in the background (each loads PyAV, then waits for the output it will write).
    On a thread: the first start also starts the fork server, which takes as long as loading PyAV."""
    global _starter
    _ensure_exit_handler()
    with _warm_lock:
        _starter = threading.Thread(target=_start_warm, args=(count,), name="output workers", daemon=True)
        _starter.start()


def _ensure_exit_handler() -> None:
    global _atexit_registered
    with _warm_lock:
        if not _atexit_registered:
            atexit.register(_at_exit)  # registered after multiprocessing's own exit handler: runs before it
            _atexit_registered = True


def _at_exit() -> None:
    release_warm_workers()
    stop_server()


def stop_server(timeout_s: float = 2.0) -> None:
    """Stop the fork server and reap it (its workers have ended by now). Otherwise it would outlive this
    process by a moment, orphaned, and the CPU time of every worker (the server reaps them) would not be
    counted in this process's children's rusage: the benchmarks would under-count us."""
    if _CONTEXT.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    server = forkserver._forkserver  # noqa: SLF001 - Python 3.11 has no public stop

    def stop() -> None:
        try:
            server._stop()  # noqa: SLF001
        except FileNotFoundError:
            # Its socket's directory is already gone: a stop that outlasted `timeout_s` (a loaded machine)
            # ran on past multiprocessing's own exit handler, which removed it. The server has stopped.
            pass

    stopper = threading.Thread(target=stop, name="stop output worker server", daemon=True)
    stopper.start()
    stopper.join(timeout_s)


def start_server_in_background() -> None:
    """Start the fork server now, on a thread, so the first output started later (an engine going live)
    does not wait on the frame loop for it to load PyAV."""
    if _CONTEXT.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        _ensure_exit_handler()
        threading.Thread(target=forkserver.ensure_running, name="output worker server", daemon=True).start()


def _start_warm(count: int) -> None:
    for _ in range(count):
        worker = spawn_worker(run_warm_worker, (), "output worker (warm)")
        with _warm_lock:
            _warm.append(worker)
            _hand_early_targets()


def connect_early(specs: list[SinkSpec]) -> None:
    """The outputs the warm workers (started or still starting) will likely be given: one each connects now."""
    with _warm_lock:
        _early_targets.extend(specs)
        _hand_early_targets()


def _hand_early_targets() -> None:
    """Under _warm_lock: each warm worker without a target gets the next one waiting."""
    for worker in _warm:
        if not _early_targets:
            return
        if worker.early_target is None:
            try:
                worker.packet_sender.send(EarlyTarget(_early_targets[0]))
            except OSError:
                continue
            worker.early_target = _early_targets.pop(0)


def _pick_warm(spec: SinkSpec) -> Worker | None:
    """Under _warm_lock: the worker connected for `spec`, else one connected for nothing, else any."""
    ranked = sorted(_warm, key=lambda worker: (worker.early_target is None or not worker.early_target.same_output(spec),
                                               worker.early_target is not None))
    if not ranked:
        return None
    _warm.remove(ranked[0])
    return ranked[0]


def take_warm(spec: SinkSpec) -> Worker | None:
    """A started worker, now given `spec` to write; None when there is none left (spawn a fresh one)."""
    starter = _starter
    if starter is not None:
        starter.join(STARTER_WAIT_S)  # still starting: it is ahead of a fresh one anyway
    while True:
        with _warm_lock:
            worker = _pick_warm(spec)
            if worker is None:
                return None
        if worker.process.is_alive():
            try:
                worker.packet_sender.send(spec)
                worker.process.name = f"output {spec.label}"
                return worker
            except OSError:
                pass
        worker.discard()


def release_warm_workers() -> None:
    """End the warm workers no output took."""
    starter = _starter
    if starter is not None:
        starter.join(STARTER_WAIT_S)
    with _warm_lock:
        unused = list(_warm)
        _warm.clear()
        _early_targets.clear()
    for worker in unused:
        worker.discard()


def skip_resource_tracker() -> bool:
    """No multiprocessing resource tracker for this process and its workers (`studio broadcast`).

    Python 3.11 starts the tracker, a process of its own (6.9 MiB PSS at 1080p with 3 destinations and
    a recording, and it outlived the command by about a second), together with the fork server, and
    hands each worker its pipe. It would track nothing here: the workers talk over pipes, which it does
    not track; only named semaphores and shared memory register with it, and `studio broadcast` makes
    neither (the engine's monitors, which do, keep the tracker: `studio engine` does not call this).
    Given /dev/null in its place before the fork server starts, multiprocessing never starts it; a
    registration would be dropped, as if the tracker had been killed. True when it will not start;
    False when it already runs or this Python's multiprocessing has no such hook."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker, "_resource_tracker", None)
    lock = getattr(tracker, "_lock", None)
    if lock is None or not hasattr(tracker, "_fd"):
        return False
    with lock:
        if tracker._fd is not None:  # noqa: SLF001 - multiprocessing has no public switch
            return False
        tracker._fd = os.open(os.devnull, os.O_WRONLY)  # noqa: SLF001
        return True

