"""A module some library imports and this project never uses, loaded on its first use instead (if ever).

segno (the QR codes) imports its SVG writer, which imports xml.sax.saxutils, which imports
urllib.request, and with it http.client, ssl, email and hashlib (OpenSSL): 6.8 MiB and about
45 ms of a show's or the demo's start-up (docs/performance.md), for functions that open URLs,
which nothing here does with urllib.request. `import_lazily(name)` puts a stand-in in its place:
`import name` binds the stand-in, which has the module's name, spec and file; the real module is
imported the first time anything else is asked of it, and from then on is the one imported.
(The standard library's importlib.util.LazyLoader does not do here: in Python 3.11 the next
`import` of the name reads `__spec__`, which loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

_lock = threading.Lock()


class _StandIn(types.ModuleType):
    def __getattr__(self, attribute: str):  # only for what the stand-in lacks: the module's own names
        return getattr(_real(self), attribute)


def _real(stand_in: types.ModuleType) -> types.ModuleType:
    name = stand_in.__name__
    with _lock:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
    return importlib.import_module(name)  # also binds it as its parent package's attribute


def import_lazily(name: str) -> None:
    """Make `name` load on first use; nothing changes if it is already imported or cannot be found."""
    with _lock:
        if name in sys.modules:
            return
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return
        stand_in = importlib.util.module_from_spec(spec)  # its attributes, not run
        stand_in.__class__ = _StandIn
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:  # `import a.b` then finds `a.b` as an attribute of `a`, as after a real import
            setattr(sys.modules[parent], child, stand_in)
