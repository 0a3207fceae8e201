"""Benchmarks: `python -m bench` runs them all and prints measured times and ratios."""
