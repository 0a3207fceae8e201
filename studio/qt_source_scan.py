"""Turn off PySide6's scan of every module's source, which this project pays for and never uses.

Once shiboken6 is loaded it replaces `__import__`, and after each import statement anywhere in the
process it reads the source of the imported module (inspect.getsource, kept in linecache) to learn
whether the module says "PySide6": only modules that use PySide can opt in to its
`from __feature__ import snake_case, true_property` syntax. Nothing here uses `__feature__`
(tests/test_qt_source_scan.py checks it), so the scan costs for nothing: in `studio broadcast` it read
106 source files, kept 4.5 MiB of their lines in memory and took 0.1-0.2 s of start-up
(docs/performance.md, start-up and peak memory). napari found the same cost (its issue 8584).

`skip_qt_source_scan()` makes every module read as "does not use PySide", as soon as shiboken6 is
loaded (now, or by whatever imports Qt first: the packages that draw with Qt call it on import, and
some of their modules never load Qt). With no feature selected anywhere that changes nothing else:
shiboken keeps the default attribute names for such a module, as it would after the scan. If
PySide6 moves or renames the scan, this does nothing.
"""

from __future__ import annotations

import importlib.machinery
import sys

_SHIBOKEN = "shiboken6"


def _uses_no_feature(module) -> bool:
    return False


def _switch_off() -> bool:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_feature  # noqa: SLF001 - no public switch (PySide6 6.11)
    return True


class _LoaderThenSwitchOff:  # not importlib.abc's classes: importing them costs 10 ms
    def __init__(self, loader) -> None:
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        self._loader.exec_module(module)
        _switch_off()

    def __getattr__(self, name):  # get_resource_reader, is_package...: the real loader's
        return getattr(self._loader, name)


class _WhenShibokenLoads:
    def find_spec(self, name, path=None, target=None):
        if name != _SHIBOKEN:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _LoaderThenSwitchOff(spec.loader)
        return spec


def skip_qt_source_scan() -> None:
    """Turn the scan off now if shiboken6 is loaded, else the moment it is (without loading Qt)."""
    if _SHIBOKEN in sys.modules:
        _switch_off()
    elif not any(isinstance(finder, _WhenShibokenLoads) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenShibokenLoads())
