"""One module per platform; each connector is `run(stop, emit, status)` in its own thread (runner.py)."""
