"""A control address that accepts and hangs up before answering (a gateway being restarted on it)
is a ControlError like a refused connection, so a client's retry loop (reconnect after a gateway
restart, tests/gateway/test_gateway_restart.py) tries again instead of failing."""

from __future__ import annotations

import socket
import threading

import pytest

from studio.wire.client import ControlClient, ControlError


def test_a_connection_closed_before_the_http_answer_is_a_control_error():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def hang_up():
        connection, _ = listener.accept()
        connection.recv(65536)  # the HTTP upgrade request, read and left unanswered
        connection.close()

    server = threading.Thread(target=hang_up, daemon=True)
    server.start()
    try:
        with pytest.raises(ControlError) as failed:
            ControlClient(f"ws://127.0.0.1:{port}", "password", timeout_s=5).connect()
        assert "127.0.0.1" in str(failed.value)
    finally:
        server.join(5)
        listener.close()
