"""Every limit the gateway puts on a client, one named constant each (docs/control.md, "Limits").

Each has a test in tests/control/test_gateway_limits.py. They bound what one client, or many,
can cost the gateway; nothing a client does reaches the engine beyond typed commands at the
request rate below.
"""

from __future__ import annotations

from studio.wire.protocol import MAX_MESSAGE_BYTES
from studio.wire.text_safety import MAX_NESTING_DEPTH

# Connections: a Stream Deck, Companion, the console, a few host views and scripts need a handful.
MAX_CONNECTIONS = 64
MAX_CONNECTIONS_PER_ADDRESS = 32
# Connections from one address that have not identified yet (password guessing in parallel).
MAX_UNIDENTIFIED_PER_ADDRESS = 8
IDENTIFY_TIMEOUT_S = 10.0
# One incoming message (a request, a batch); the WebSocket layer refuses bigger frames.
MAX_INCOMING_MESSAGE_BYTES = MAX_MESSAGE_BYTES
# Bytes waiting to go to one client: beyond it the oldest events are dropped (the client is told
# how many with EventsMissed); answers are never dropped: a client whose answers pile up past it
# is not read until it catches up.
MAX_QUEUED_BYTES_PER_CLIENT = 2 * 1024 * 1024
MAX_QUEUED_EVENTS_PER_CLIENT = 256
# Requests: a token bucket per client; a batch costs one token per request in it.
REQUESTS_PER_S = 200
REQUEST_BURST = 100
MAX_REQUESTS_PER_BATCH = REQUEST_BURST
# Pings, pongs and other control frames a second; past it the connection is dropped.
CONTROL_FRAMES_PER_S_BEFORE_IDENTIFY = 5
CONTROL_FRAMES_PER_S = 20
# Nesting of objects and lists in a message.
MAX_DEPTH = MAX_NESTING_DEPTH
# Answers the engine owes the gateway at once (commands in flight); beyond it a request waits.
MAX_COMMANDS_IN_FLIGHT = 64
ENGINE_ANSWER_TIMEOUT_S = 10.0
# Authentication failures: the answer to a wrong password is delayed, per address, serialised across
# that address's parallel connections, doubling from the first delay up to the cap; forgotten after
# a quiet period. A right password is never delayed.
AUTH_FIRST_DELAY_S = 0.25
AUTH_MAX_DELAY_S = 5.0
AUTH_FAILURES_FORGOTTEN_AFTER_S = 300.0
