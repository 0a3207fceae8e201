"""Session-wide test set-up: Qt offscreen, real servers started by fixtures."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.rtmp_server", "tests.fixtures.tls_terminator"]
