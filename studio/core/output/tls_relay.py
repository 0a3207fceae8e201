"""RTMPS through a verifying TLS relay inside the output worker.

PyAV opens the output with no protocol options, so FFmpeg's own TLS cannot be
told which CA to trust and by default verifies nothing. Instead, the worker
points FFmpeg at plain RTMP on a loopback port of its own and relays the bytes
over a TLS connection made with Python's `ssl`: the server certificate is
checked against the system store (or `--ca-file`) and the host name sent by SNI.
The relay also owns the network socket, so its send buffer can be kept small
(see socket_tuning.py for why that matters).

The relay runs in a process of its own: while FFmpeg connects and does the
RTMP handshake it holds the GIL, so a relay thread in the worker could never
answer it.
"""

from __future__ import annotations

import multiprocessing
import select
import socket
import ssl
from multiprocessing.connection import Connection

from studio.child_processes import spawn_context
from studio.core.output.socket_tuning import set_send_buffer
from studio.errors import error_reason

CONNECT_TIMEOUT_S = 10.0
CHUNK_BYTES = 64 * 1024
LOCAL_RECEIVE_BUFFER_BYTES = 64 * 1024


class _Relay:
    """The relay itself, run inside the relay process."""

    def __init__(self, host: str, port: int, ca_file: str | None, send_buffer_bytes: int | None, control: Connection):
        self.host = host
        self.port = port
        self._send_buffer_bytes = send_buffer_bytes
        self._control = control
        self._context = ssl.create_default_context(cafile=ca_file)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Small, fixed buffers on the loopback leg keep back-pressure visible to FFmpeg.
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, LOCAL_RECEIVE_BUFFER_BYTES)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)

    def report_error(self, message: str) -> None:
        try:
            self._control.send(("error", message))
        except OSError:
            pass

    def _connect_remote(self) -> ssl.SSLSocket | None:
        try:
            raw = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
        except OSError as error:
            self.report_error(f"cannot connect to {self.host}:{self.port} ({error_reason(error)})")
            return None
        if self._send_buffer_bytes:
            set_send_buffer(raw, self._send_buffer_bytes)
        try:
            remote = self._context.wrap_socket(raw, server_hostname=self.host)
        except ssl.SSLCertVerificationError as error:
            raw.close()
            self.report_error(f"TLS certificate of {self.host} not trusted ({error.verify_message})")
            return None
        except (ssl.SSLError, OSError) as error:
            raw.close()
            reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or type(error).__name__
            self.report_error(f"TLS handshake with {self.host}:{self.port} failed ({reason})")
            return None
        remote.settimeout(None)
        return remote

    def serve_one(self) -> None:
        self._control.send(("port", self._listener.getsockname()[1]))
        # The control pipe reaching end-of-file means the worker is gone.
        ready = select.select([self._listener, self._control], [], [])[0]
        if self._listener not in ready:
            return
        local, _ = self._listener.accept()
        remote = self._connect_remote()
        if remote is None:
            local.close()
            return
        try:
            self._relay(local, remote)
        except OSError as error:
            self.report_error(error_reason(error))
        finally:
            local.close()
            remote.close()

    def _relay(self, local: socket.socket, remote: ssl.SSLSocket) -> None:
        # One thread for both directions: an SSL connection must not be read and
        # written from two threads at once.
        while True:
            if remote.pending():
                readable = [remote]
            else:
                readable = select.select([local, remote, self._control], [], [])[0]
                if self._control in readable:
                    return
            if local in readable:
                chunk = local.recv(CHUNK_BYTES)
                if not chunk:
                    return
                remote.sendall(chunk)
            if remote in readable:
                try:
                    chunk = remote.recv(CHUNK_BYTES)
                except ssl.SSLWantReadError:
                    continue
                if not chunk:
                    return
                local.sendall(chunk)


def _relay_process_main(host: str, port: int, ca_file: str | None, send_buffer_bytes: int | None,
                        control: Connection) -> None:
    from studio import crash_reports

    crash_reports.install("tls relay")
    try:
        _Relay(host, port, ca_file, send_buffer_bytes, control).serve_one()
    except (OSError, EOFError):
        pass
    except BaseException as error:    # multiprocessing prints it and never calls the exception hook
        crash_reports.report_exception(error)
        raise
    finally:
        crash_reports.finish()


class TlsRelay:
    """The worker's handle on its relay process."""

    def __init__(self, host: str, port: int, ca_file: str | None = None, send_buffer_bytes: int | None = None):
        self.host = host
        self.port = port
        self._args = (host, port, ca_file, send_buffer_bytes)
        self._control: Connection | None = None
        self._process: multiprocessing.Process | None = None
        self._error: str | None = None

    def start(self, timeout_s: float = 10.0) -> int:
        """Start the relay; returns the loopback port FFmpeg should connect to."""
        context = spawn_context()   # not the workers' fork server: a relay starts inside a worker
        self._control, relay_end = context.Pipe()
        self._process = context.Process(target=_relay_process_main, args=(*self._args, relay_end),
                                        name=f"tls relay {self.host}", daemon=True)
        self._process.start()
        relay_end.close()
        if not self._control.poll(timeout_s):
            raise OSError(f"TLS relay for {self.host} did not start")
        kind, value = self._control.recv()
        if kind != "port":
            raise OSError(value)
        return value

    @property
    def last_error(self) -> str | None:
        try:
            while self._control is not None and self._control.poll():
                kind, value = self._control.recv()
                if kind == "error":
                    self._error = value
        except (EOFError, OSError):
            pass
        return self._error

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=2)
        if self._control is not None:
            self._control.close()
