"""urllib.request, which segno imports and nothing here uses, loads only when used (studio.lazy_modules).

It brings http.client, ssl, email and hashlib (OpenSSL): 6.8 MiB and about 45 ms of the demo's and a
show's start-up. Each case runs in a fresh interpreter: an earlier import would hide the effect.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
WEB = ("urllib.request", "http.client", "ssl", "hashlib", "email")


def _run(code: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=REPO_ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def _really_loaded(names=WEB) -> str:
    """Prints the names whose real module is loaded (a stand-in in sys.modules does not count)."""
    return (f"import sys, types\nprint(' '.join(n for n in {names!r} if type(sys.modules.get(n)) is types.ModuleType) "
            "or '-')\n")


def test_qr_codes_are_made_without_loading_the_web_modules():
    code = ("from studio.core.graphics.qr import qr_modules\n"
            "assert qr_modules('https://shop.example/p/42').shape[0] >= 21\n" + _really_loaded())
    assert _run(code) == ["-"]


def test_the_module_works_once_used():
    code = ("import studio.core.graphics.qr\n"
            "import urllib.request\nfrom urllib.request import Request\n"
            "assert urllib.request.Request is Request and Request.__module__ == 'urllib.request'\n"
            "assert Request('http://127.0.0.1/').get_method() == 'GET'\n" + _really_loaded(("urllib.request", "http.client")))
    assert _run(code) == ["urllib.request", "http.client"]


def test_segno_alone_loads_them():
    """The first check can fail: imported as usual, segno loads urllib.request and OpenSSL."""
    assert _run("import segno\n" + _really_loaded(("urllib.request", "ssl"))) == ["urllib.request", "ssl"]
