"""What a client needs to know about the relay: how a go-live refusal says the relay cannot be reached.

The engine's preflight writes it; the window looks for it and then offers SendDirectly (sending to
every destination from this machine, with the upload that needs). Small on purpose: the relay's
poller process imports it too.
"""

RELAY_UNREACHABLE = "relay unreachable"
