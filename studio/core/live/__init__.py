"""Live control: the engine's one front door (obs-websocket v5; see docs/control.md)."""
