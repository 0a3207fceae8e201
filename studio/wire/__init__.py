"""What clients import: the obs-websocket protocol, the typed commands, the client and connect-info."""
