"""A real headless Chromium (Debian's), driven over its DevTools protocol with websockets: enough to
open a page and read what it shows, without a browser-automation dependency."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

from websockets.sync.client import connect

START_TIMEOUT_S = 60.0


class Chromium:
    def __init__(self, url: str):
        self._profile = tempfile.mkdtemp(prefix="studio-chromium-")
        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-port=0", f"--user-data-dir={self._profile}", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        port = None
        while port is None:
            line = self.process.stderr.readline()
            if not line and (self.process.poll() is not None or time.monotonic() > deadline):
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(found.group(1)) if found else None
        page = self._page_target(port, url, deadline)
        self._stack = contextlib.ExitStack()
        self._socket = self._stack.enter_context(connect(page, max_size=None, open_timeout=30))
        self._ids = iter(range(1, 1 << 30))

    def _page_target(self, port: int, url: str, deadline: float) -> str:
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
                targets = json.load(answer)
            pages = [t for t in targets if t.get("type") == "page" and t.get("url", "").startswith(url)]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            if time.monotonic() > deadline:
                raise RuntimeError(f"no page for {url} in chromium")
            time.sleep(0.1)

    def evaluate(self, expression: str):
        request_id = next(self._ids)
        self._socket.send(json.dumps({"id": request_id, "method": "Runtime.evaluate",
                                      "params": {"expression": expression, "returnByValue": True}}))
        while True:
            message = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == request_id:
                result = message["result"]
                if "exceptionDetails" in result:
                    raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
                return result["result"].get("value")

    def screenshot(self, path) -> None:
        import base64
        request_id = next(self._ids)
        self._socket.send(json.dumps({"id": request_id, "method": "Page.captureScreenshot", "params": {"format": "png"}}))
        while True:
            message = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == request_id:
                with open(path, "wb") as file:
                    file.write(base64.b64decode(message["result"]["data"]))
                return

    def close(self) -> None:
        try:
            if getattr(self, "_stack", None) is not None:
                self._stack.close()
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            shutil.rmtree(self._profile, ignore_errors=True)
