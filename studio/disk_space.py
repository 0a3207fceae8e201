"""Free space on the disk a folder is on, or will be on once it is made (its nearest existing parent):
the console's status bar and the control API's GetStats both report it for the recording folder."""

from __future__ import annotations

import shutil
from pathlib import Path


def free_bytes(folder: str | Path) -> int | None:
    """Bytes free on `folder`'s disk; None when not even a parent of it can be read."""
    probe = Path(folder).absolute()
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None
