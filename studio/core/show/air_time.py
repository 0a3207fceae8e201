"""Air time: the clock the audience sees, which starts at Go Live, not at engine start.

The engine's show clock runs from the moment the engine starts, through setup and
rehearsal. What the host, the producer and the exports care about is time *on air*:
from Go Live (or, when nothing streams, from the recording's start) to Stop.

`OnAirClock` is the live side (the engine thread moves it; the state reads it).
`AiredTimeline` is the after-the-show side: rebuilt from an as-run log, it maps show
time to the time in the recording (off-air gaps removed), so exports hold only what aired.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

# Logged on every change of the on-air state (streaming or recording) since issue 22;
# older logs only have go_live / stop, which mean the same thing for a streamed show.
ON_AIR_EVENTS = ("on_air", "off_air")
LEGACY_ON_AIR_EVENTS = ("go_live", "stop")


class OnAirClock:
    """On air or not, and since when (show time). Changed only on the engine thread."""

    def __init__(self) -> None:
        self.since_s: float | None = None      # show time the current on-air period started
        self.aired_before_s = 0.0              # on-air seconds of earlier periods (a show stopped and restarted)

    @property
    def on_air(self) -> bool:
        return self.since_s is not None

    def went_on_air(self, show_time_s: float) -> None:
        if self.since_s is None:
            self.since_s = show_time_s

    def went_off_air(self, show_time_s: float) -> None:
        if self.since_s is not None:
            self.aired_before_s += max(0.0, show_time_s - self.since_s)
            self.since_s = None

    def air_time_s(self, show_time_s: float) -> float | None:
        """Seconds on air in the current period (what the host's show clock reads); None off air."""
        return None if self.since_s is None else max(0.0, show_time_s - self.since_s)

    def state(self, show_time_s: float) -> dict:
        """The clock fields of the engine's state: on air, since when (show time), air time, the time of day."""
        air_time_s = self.air_time_s(show_time_s)
        return {"on_air": self.on_air,
                "on_air_since_s": None if self.since_s is None else round(self.since_s, 3),
                "air_time_s": None if air_time_s is None else round(air_time_s, 3),
                "time_of_day": dt.datetime.now().astimezone().strftime("%H:%M:%S")}


@dataclass(frozen=True)
class AiredTimeline:
    """The on-air spans of one run, in show time, and the mapping to time in the recording."""

    spans: tuple[tuple[float, float], ...]
    _ends: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _aired_before: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        aired, before = 0.0, []
        for start_s, end_s in self.spans:
            before.append(aired)
            aired += end_s - start_s
        object.__setattr__(self, "_ends", tuple(end for _, end in self.spans))
        object.__setattr__(self, "_aired_before", tuple(before))

    @classmethod
    def from_events(cls, events: list[dict]) -> AiredTimeline:
        """On air between `on_air` and `off_air` (older logs: `go_live` and `stop`). A log with neither
        (a run logged before go-live was) counts from its first segment's start to its first stop."""
        if not events:
            return cls(())
        names = {event["event"] for event in events}
        on, off = ON_AIR_EVENTS if "on_air" in names else LEGACY_ON_AIR_EVENTS
        open_s = None
        if on not in names:
            open_s = next((e["show_time_s"] for e in events if e["event"] == "segment_start"), None)
            if open_s is None:
                return cls(())
        spans: list[tuple[float, float]] = []
        for event in events:
            at_s = event["show_time_s"]
            if event["event"] == on and open_s is None:
                open_s = max(at_s, spans[-1][1]) if spans else at_s
            elif event["event"] == off and open_s is not None:
                spans.append((open_s, max(open_s, at_s)))
                open_s = None
        if open_s is not None:   # still on air when the log ends (a crash): to the last entry
            spans.append((open_s, max(open_s, max(e["show_time_s"] for e in events))))
        return cls(tuple(span for span in spans if span[1] > span[0]))

    @property
    def duration_s(self) -> float:
        """The recording's length: every on-air second, the gaps between on-air periods removed."""
        return sum(end - start for start, end in self.spans)

    def air_time(self, show_time_s: float) -> float:
        """Where show time `show_time_s` falls in the recording (an off-air moment: where the recording resumes)."""
        index = bisect_right(self._ends, show_time_s)
        if index == len(self.spans):
            return self.duration_s
        start_s = self.spans[index][0]
        return self._aired_before[index] + max(0.0, show_time_s - start_s)

    def on_air_at(self, show_time_s: float) -> bool:
        return any(start <= show_time_s < end for start, end in self.spans)
