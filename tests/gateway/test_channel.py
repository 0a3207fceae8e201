"""The engine-gateway channel over a real socketpair: framed, bounded, and it says when the peer is gone."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from studio.gateway.channel import MAX_FRAME_BYTES, Channel, ChannelClosed


@pytest.fixture
def pair():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ours, theirs = Channel(a, send_timeout_s=0.5), Channel(b, send_timeout_s=0.5)
    yield ours, theirs
    ours.close()
    theirs.close()


def test_frames_arrive_whole_and_in_order(pair):
    ours, theirs = pair
    frames = [{"t": "ev", "n": n, "data": {"text": "é" * n}} for n in range(200)]
    threading.Thread(target=lambda: [ours.send(f) for f in frames], daemon=True).start()
    assert [theirs.receive() for _ in frames] == frames


def test_what_msgpack_cannot_carry_is_made_safe_not_lost(pair):
    ours, theirs = pair
    ours.send({"t": "ev", "huge": 2 ** 70, "text": "a\ud800b"})
    assert theirs.receive() == {"t": "ev", "huge": str(2 ** 70), "text": "a\ufffdb"}


def test_a_frame_over_the_bound_is_refused_before_sending(pair):
    ours, theirs = pair
    with pytest.raises(ValueError, match="over"):
        ours.send({"t": "ans", "data": "x" * (MAX_FRAME_BYTES + 1)})
    ours.send({"t": "hb"})
    assert theirs.receive() == {"t": "hb"}          # the channel is still in step


def test_a_peer_announcing_a_giant_frame_is_broken(pair):
    ours, theirs = pair
    ours.sock.sendall(struct.pack("!I", MAX_FRAME_BYTES + 1))
    with pytest.raises(ChannelClosed, match="announced"):
        theirs.receive()


def test_a_peer_that_stops_reading_fails_the_send_after_its_timeout(pair):
    ours, _ = pair
    with pytest.raises(ChannelClosed, match="stopped reading"):
        while True:
            ours.send({"t": "ev", "pad": "x" * 65536})


def test_a_closed_peer_ends_the_reader(pair):
    ours, theirs = pair
    ours.close()
    with pytest.raises(ChannelClosed):
        theirs.receive()
