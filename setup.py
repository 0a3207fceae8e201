"""Only the compiled part of the package; everything else is declared in pyproject.toml.

studio.core._over is the compositor's fused blend loop (studio/core/_over.c) and the picture
loops beside it (studio/core/_pixels.c: scaling planes, BGR <-> I420, the dissolve). It is
optional: where no C compiler is available the install goes on without it and
studio/core/composite.py and studio/core/pixels.py do the same with NumPy (same bytes, slower).
"""

import sys

from setuptools import Extension, setup

# -O3 turns on GCC's full loop vectoriser (Debian's Python passes it already, not every build does);
# MSVC rejects the flag.
_OPTIMISE = [] if sys.platform == "win32" else ["-O3"]

setup(
    ext_modules=[
        Extension("studio.core._over", ["studio/core/_over.c", "studio/core/_pixels.c"], extra_compile_args=_OPTIMISE, optional=True),
    ],
)
