"""The switcher's inputs (cameras, files, images, the test card, network streams) and their layouts."""
