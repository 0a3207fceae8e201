"""Qt table models fed plain dicts shaped like the engine's GetShowState / GetCatalog data."""
