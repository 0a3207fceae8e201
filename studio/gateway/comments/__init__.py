"""Comments from the audience: connectors, the comment bus, moderation and claim rules (gateway process)."""
