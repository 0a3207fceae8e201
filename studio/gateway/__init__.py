"""The gateway process: everything that faces a network (docs/architecture.md)."""
