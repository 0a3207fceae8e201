"""The first-run wizard's checks, without Qt: the encoder test and the bandwidth test (studio/ui/setup_wizard.py)."""
