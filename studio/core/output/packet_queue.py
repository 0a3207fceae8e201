"""The bounded queue in front of one output, with the OBS way of dropping frames.

Above `drop_threshold_s` of queued video the queue drops video the way OBS
does: never audio, never a keyframe, and once a frame has been dropped every
following frame is dropped until the next keyframe, so the receiver never sees
a reference to a frame it did not get. Queued non-keyframes are dropped as
well, which is what keeps the queue under MAX_QUEUE_S whenever the link can
carry the keyframes and the audio.

The consumer (the output's sender thread) is woken per frame, not per packet: a
push wakes it only for a video packet, and `pop_batch` hands it a frame at a time.
Audio waits at most until the next frame's picture, which the muxer in the worker
would wait for anyway (it interleaves the two streams by time); while pictures are
being dropped until a keyframe, no picture comes, so the audio is handed over as it
arrives.
"""

from __future__ import annotations

import collections
import threading
import time

from studio.core.output.packets import EncodedPacket

DROP_THRESHOLD_S = 0.7
MAX_QUEUE_S = 0.9
# A recording writes to a local disk: it may lag for a while, but it only drops
# frames once that lag is beyond any hiccup.
RECORDING_DROP_THRESHOLD_S = 10.0
MAX_BLOCK_S = 10.0


class PacketQueue:
    def __init__(self, drop_threshold_s: float = DROP_THRESHOLD_S, block_above_packets: int | None = None):
        """`block_above_packets` turns dropping into back-pressure (for runs not paced to real time)."""
        self.drop_threshold_s = drop_threshold_s
        self.block_above_packets = block_above_packets
        self._packets: collections.deque[EncodedPacket] = collections.deque()
        self._changed = threading.Condition()
        self._dropping_until_keyframe = False
        self._awaiting_keyframe = False
        self._newest_pts_s: float | None = None
        self._oldest_unsent_pts_s: float | None = None
        self._closed = False
        self.dropped_video_frames = 0
        self.peak_age_s = 0.0

    def __len__(self) -> int:
        return len(self._packets)

    def age_s(self) -> float:
        """How far the oldest packet not yet handed to the output lags the newest encoded one."""
        with self._changed:
            return self._age_locked()

    def _age_locked(self) -> float:
        if self._newest_pts_s is None or self._oldest_unsent_pts_s is None:
            return 0.0
        return max(0.0, self._newest_pts_s - self._oldest_unsent_pts_s)

    def push(self, packet: EncodedPacket) -> bool:
        """Queue `packet` unless the drop policy says no; never blocks for long."""
        with self._changed:
            if self.block_above_packets is not None:
                give_up_at_s = time.monotonic() + MAX_BLOCK_S
                while len(self._packets) >= self.block_above_packets and not self._closed:
                    if time.monotonic() >= give_up_at_s:
                        return False  # an output that took nothing for this long is stalled
                    self._changed.wait(0.5)
            if self._closed:
                return False
            self._newest_pts_s = max(self._newest_pts_s or 0.0, packet.pts_s)
            if packet.kind == "video":
                if self._awaiting_keyframe and not packet.is_keyframe:
                    return False
                self._awaiting_keyframe = False
                if packet.is_keyframe:
                    self._dropping_until_keyframe = False
                elif self._dropping_until_keyframe:
                    self.dropped_video_frames += 1
                    return False
                if self._age_locked() > self.drop_threshold_s:
                    self._drop_queued_video_locked()
                    if not packet.is_keyframe:
                        self._dropping_until_keyframe = True
                        self.dropped_video_frames += 1
                        self._note_age_locked()
                        return False
            self._packets.append(packet)
            if len(self._packets) == 1:
                self._oldest_unsent_pts_s = packet.pts_s
            self._note_age_locked()
            if packet.kind == "video" or self._dropping_until_keyframe:
                # While pictures are dropped none is coming to wake the sender: the audio goes on its own.
                self._changed.notify_all()
            return True

    def _note_age_locked(self) -> None:
        self.peak_age_s = max(self.peak_age_s, self._age_locked())

    def _drop_queued_video_locked(self) -> None:
        kept: collections.deque[EncodedPacket] = collections.deque()
        for queued in self._packets:
            if queued.kind == "video" and not queued.is_keyframe:
                self.dropped_video_frames += 1
            else:
                kept.append(queued)
        self._packets = kept
        self._oldest_unsent_pts_s = kept[0].pts_s if kept else None

    def pop_batch(self, timeout_s: float) -> list[EncodedPacket]:
        """The oldest packets up to and including the oldest picture, once one is queued (or `timeout_s`
        has passed, or the queue is closed): normally one frame, with the audio queued before it.
        One frame at most, so what the drop policy can no longer drop (in flight) stays small. [] when empty."""
        with self._changed:
            has_picture = any(packet.kind == "video" for packet in self._packets)
            # Wait for a picture; while pictures are dropped none comes, so wait only for anything at all.
            if not self._closed and not has_picture and not (self._dropping_until_keyframe and self._packets):
                self._changed.wait(timeout_s)
            batch = []
            while self._packets:
                packet = self._packets.popleft()
                batch.append(packet)
                if packet.kind == "video":
                    break
            self._oldest_unsent_pts_s = self._packets[0].pts_s if self._packets else None
            if batch:
                self._changed.notify_all()
            return batch

    def restart_at_next_keyframe(self) -> int:
        """Forget everything queued (a new session begins); returns how many packets went."""
        with self._changed:
            discarded = len(self._packets)
            self._packets.clear()
            self._oldest_unsent_pts_s = None
            self._dropping_until_keyframe = False
            self._awaiting_keyframe = True
            self._changed.notify_all()
            return discarded

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed
