"""A session's destinations that its relay pushes (plan.relay; docs/destinations.md, "Relay").

One `RelaySink` (the stream to the relay) feeds them all; each destination's health comes from the
relay's statistics. The relay pushes to every destination it was made with, so those go live and
stop together; the session's other destinations (a `--to` URL, a vertical one, one added while
running) are sent directly as ever.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from studio.core.canvas import LANDSCAPE
from studio.core.output.destination import destination_spec
from studio.core.output.relay_sink import RelaySink
from studio.core.output.relay_url import check_relay, relay_app
from studio.core.plan import DestinationPlan
from studio.errors import UserInputError
from studio.wire.relay import RELAY_UNREACHABLE

if TYPE_CHECKING:
    from studio.core.session import Session

DIRECT_MARGIN = 0.25   # TCP, retransmissions and the rest of the house on the same line


class RelayOutputs:
    def __init__(self, session: Session):
        self.session = session
        self.sink: RelaySink | None = None

    @property
    def labels(self) -> set[str]:
        return {d.label for d in self.session.plan.destinations if d.via_relay}

    def preflight(self, chosen: list[DestinationPlan]) -> list[str]:
        """Network I/O (through the poller's process): the relay reachable, its secret accepted, every
        destination in its configuration; unreachable: what sending directly would need."""
        plan = self.session.plan
        relayed = [d.stored.name for d in chosen if d.via_relay]
        if plan.relay is None or not relayed:
            return []
        reasons = check_relay(plan.relay, relayed)
        if any(RELAY_UNREACHABLE in reason for reason in reasons):
            upload = self.direct_upload_kbps()
            reasons.append(f"sending directly instead needs {upload / 1000:.1f} Mb/s of upload "
                           f"({upload * (1 + DIRECT_MARGIN) / 1000:.1f} Mb/s with a 25 % margin)")
        return reasons

    def direct_upload_kbps(self) -> int:
        """The upload sending to every destination directly needs: each costs its canvas's stream again."""
        session = self.session
        return sum(session.plan.encoder_for(d.canvas).video_bitrate_kbps + session.settings.audio_bitrate_kbps
                   for d in session.plan.destinations)

    def refuse_part(self, labels: list[str] | None, what: str) -> None:
        relayed = self.labels
        if labels and relayed & set(labels) and not relayed <= set(labels):
            raise UserInputError(f"the relay pushes to {', '.join(sorted(relayed))}: they {what} together")

    def add(self, destination: DestinationPlan) -> None:
        """The one stream to the relay starts with the first relayed destination."""
        session = self.session
        if self.sink is None:
            relay = session.plan.relay
            spec = destination_spec(relay.publish_url, session.plan.encoder.layout(),
                                    label=f"relay {relay.text.split('?')[0]}")
            relayed = {d.label: relay_app(d.stored.name) for d in session.plan.destinations if d.via_relay}
            self.sink = RelaySink(spec, relay, relayed, on_state_change=session.state_changed,
                                  realtime=session.plan.realtime.paced)
            session.engine.add_output(self.sink, LANDSCAPE)
        session.destinations[destination.label] = self.sink.relayed[destination.label]

    def stop(self) -> None:
        if self.sink is None:
            return
        for label in self.sink.relayed:
            self.session.destinations.pop(label, None)
        self.session.closers.append(self.session.engine.remove_output(self.sink))
        self.sink = None

    def forget(self) -> None:
        """Off air: no relay any more; the next go live sends to each destination directly."""
        session = self.session
        if self.sink is not None:
            raise UserInputError("live through the relay: stop streaming first")
        session.plan = dataclasses.replace(session.plan, relay=None, destinations=tuple(
            dataclasses.replace(d, via_relay=False) for d in session.plan.destinations))
