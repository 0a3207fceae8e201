"""nginx-rtmp's statistics page (`rtmp_stat all`) read as the relay's per-destination state.

The page lists applications, their streams and each stream's clients. In the relay
`studio relay config` writes, application `studio` holds the studio's publish, and each
`to-NAME` application holds one stream whose only non-publishing client is the push to
the platform: present and active = live; absent = the relay lost the platform and is
retrying (push_reconnect); a new client id = a reconnect.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field

from studio.core.output.relay_url import PUBLISH_APP, PUBLISH_STREAM

MAX_STAT_BYTES = 4 * 1024 * 1024   # a relay with hundreds of clients stays far below this


@dataclass
class PushState:
    stream: bool = False           # the relay feeds this destination's application
    pushing: bool = False          # a push client to the platform exists
    active: bool = False           # ... and it has started sending
    client_id: int | None = None
    bytes_out: int = 0
    dropped: int = 0
    fps: float = 0.0


@dataclass
class RelayStat:
    publishing: bool = False       # the studio's stream reaches the relay
    bytes_in: int = 0
    destinations: dict[str, PushState] = field(default_factory=dict)   # by application name

    def as_dict(self) -> dict:
        return asdict(self)


def _int(element, tag: str) -> int:
    text = element.findtext(tag) if element is not None else None
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


def parse_stat(document: bytes) -> RelayStat:
    if len(document) > MAX_STAT_BYTES:
        raise ValueError(f"the statistics page is larger than {MAX_STAT_BYTES} bytes")
    root = ElementTree.fromstring(document)
    stat = RelayStat()
    for application in root.iter("application"):
        name = application.findtext("name") or ""
        streams = [s for s in application.iter("stream") if s.findtext("name") == PUBLISH_STREAM]
        stream = streams[0] if streams else None
        if name == PUBLISH_APP:
            stat.publishing = stream is not None and any(c.find("publishing") is not None for c in stream.iter("client"))
            stat.bytes_in = _int(stream, "bytes_in")
            continue
        state = PushState(stream=stream is not None)
        if stream is not None:
            state.bytes_out = _int(stream, "bytes_out")
            state.fps = float(_int(stream.find("meta/video"), "frame_rate")) if stream.find("meta/video") is not None else 0.0
            pushes = [c for c in stream.iter("client") if c.find("publishing") is None]
            if pushes:
                push = pushes[0]
                state.pushing, state.active = True, push.find("active") is not None
                state.client_id, state.dropped = _int(push, "id"), _int(push, "dropped")
        stat.destinations[name] = state
    return stat
