"""Every limit the gateway puts on a client, one named constant each (docs/control.md, "Limits").

Each has a test in tests/control/test_gateway_limits.py. They bound what one client, or many,
can cost the gateway; nothing a client does reaches the engine beyond typed commands at the
request rate below.
"""

from __future__ import annotations

from studio.wire import protocol, text_safety

# Connections: a Stream Deck, Companion, the console, a few host views and scripts need a handful.
MAX_CONNECTIONS = 64
MAX_CONNECTIONS_PER_ADDRESS = 32
# Connections from one address that have not identified yet (password guessing in parallel).
MAX_UNIDENTIFIED_PER_ADDRESS = 8
IDENTIFY_TIMEOUT_S = 10.0
# One incoming message (a request, a batch); the WebSocket layer refuses bigger frames.
MAX_INCOMING_MESSAGE_BYTES = protocol.MAX_MESSAGE_BYTES
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
MAX_DEPTH = text_safety.MAX_NESTING_DEPTH
# Answers the engine owes the gateway at once (commands in flight); beyond it a request waits.
MAX_COMMANDS_IN_FLIGHT = 64
MAX_COMMANDS_IN_FLIGHT_PER_CLIENT = 16
ENGINE_ANSWER_TIMEOUT_S = 10.0
# Authentication failures: the answer to a wrong password is delayed, per address, serialised across
# that address's parallel connections, doubling from the first delay up to the cap; forgotten after
# a quiet period. A right password is never delayed.
AUTH_FIRST_DELAY_S = 0.25
AUTH_MAX_DELAY_S = 5.0
AUTH_FAILURES_FORGOTTEN_AFTER_S = 300.0

# What each limit means to someone writing a client (docs/control.md's "Limits" table is generated from it).
LIMIT_DOCS: dict[str, tuple[str, str]] = {
    "MAX_CONNECTIONS": ("connections", "open connections in all; past it the handshake is answered HTTP 503"),
    "MAX_CONNECTIONS_PER_ADDRESS": ("connections", "open connections from one address (HTTP 503 past it)"),
    "MAX_UNIDENTIFIED_PER_ADDRESS": ("connections", "connections from one address that have not identified yet (HTTP 503)"),
    "IDENTIFY_TIMEOUT_S": ("s", "time to send Identify after Hello; then the connection is closed"),
    "MAX_INCOMING_MESSAGE_BYTES": ("bytes", "one message from a client (close code 1009 past it)"),
    "MAX_QUEUED_BYTES_PER_CLIENT": ("bytes", "waiting to go to one client: the oldest events are dropped "
                                             "(EventsMissed says how many); answers are kept and the client is not read"),
    "MAX_QUEUED_EVENTS_PER_CLIENT": ("events", "waiting to go to one client (the oldest dropped, as above)"),
    "REQUESTS_PER_S": ("requests/s", "sustained per client; past it a request is answered 207 (NotReady)"),
    "REQUEST_BURST": ("requests", "at once per client; a batch costs one per request in it"),
    "MAX_REQUESTS_PER_BATCH": ("requests", "in one RequestBatch (answered 402 past it)"),
    "CONTROL_FRAMES_PER_S_BEFORE_IDENTIFY": ("frames/s", "pings and pongs before Identify; past it the connection is dropped"),
    "CONTROL_FRAMES_PER_S": ("frames/s", "pings and pongs once identified; past it the connection is dropped"),
    "MAX_DEPTH": ("levels", "nesting of objects and lists in a message (close code 4005 past it)"),
    "MAX_COMMANDS_IN_FLIGHT": ("commands", "waiting for the engine at once, all clients together; more wait their turn"),
    "MAX_COMMANDS_IN_FLIGHT_PER_CLIENT": ("commands", "waiting for the engine at once from one client, so one client "
                                                      "cannot hold every slot"),
    "ENGINE_ANSWER_TIMEOUT_S": ("s", "for the engine to answer a command; then 702 and the command is cancelled"),
    "AUTH_FIRST_DELAY_S": ("s", "before answering the first wrong password from an address; doubles with each"),
    "AUTH_MAX_DELAY_S": ("s", "the longest such delay; wrong guesses in parallel from one address are answered "
                              "one delay apart; a right password is never delayed"),
    "AUTH_FAILURES_FORGOTTEN_AFTER_S": ("s", "an address's failures are forgotten after this long without one"),
}
