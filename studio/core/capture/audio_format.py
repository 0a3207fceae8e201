"""The program's sound: what every source delivers and the encoder takes (no NumPy: read before the engine loads)."""

AUDIO_SAMPLE_RATE = 48_000
AUDIO_CHANNELS = 2
