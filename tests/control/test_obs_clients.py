"""Clients no one here wrote drive the engine as they drive OBS: obsws-python and obs-websocket-js."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import obsws_python
import pytest

from tests.fixtures.engine import wait_until

NODE_CACHE = Path.home() / ".cache" / "live-shopping-studio" / "obs-websocket-js"
JS_DRIVER = Path(__file__).with_name("obs_websocket_js_driver.mjs")


def host_port(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("ws://").rsplit(":", 1)
    return host, int(port)


def test_obsws_python_lists_scenes_previews_takes_records_and_hears_the_scene_change(engine):
    host, port = host_port(engine.url)
    requests = obsws_python.ReqClient(host=host, port=port, password=engine.password, timeout=10)
    events = obsws_python.EventClient(host=host, port=port, password=engine.password, timeout=10)
    heard: list[str] = []
    changed = threading.Event()
    scenes = [scene["sceneName"] for scene in requests.get_scene_list().scenes]

    def on_current_program_scene_changed(data):
        heard.append(data.scene_name)
        if data.scene_name == scenes[2]:
            changed.set()

    events.callback.register(on_current_program_scene_changed)
    try:
        assert len(scenes) == 3
        requests.set_current_preview_scene(scenes[2])
        assert requests.get_current_preview_scene().current_preview_scene_name == scenes[2]
        requests.trigger_studio_mode_transition()
        assert changed.wait(10), heard
        assert requests.get_current_program_scene().current_program_scene_name == scenes[2]
        requests.start_record()
        wait_until(lambda: requests.get_record_status().output_bytes > 0, what="recorded bytes")
        path = requests.stop_record().output_path
        # the recording's writer finishes the file after StopRecord answers (a clean-clone run read 0 bytes)
        wait_until(lambda: Path(path).stat().st_size > 0, what="the recording on disk")
        with pytest.raises(obsws_python.error.OBSSDKRequestError) as refused:
            requests.send("NoSuchRequest")
        assert refused.value.code == 204
        assert requests.get_version().rpc_version == 1  # still connected after the refusal
    finally:
        events.disconnect()
        requests.disconnect()


def _npm_install() -> Path:
    """obs-websocket-js from the npm registry into a cache outside the repo (once per machine)."""
    if not (NODE_CACHE / "node_modules" / "obs-websocket-js").is_dir():
        NODE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NODE_CACHE),
                        "obs-websocket-js@5"], check=True, capture_output=True, timeout=300)
    return NODE_CACHE / "node_modules"


@pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None, reason="needs node and npm")
def test_obs_websocket_js_takes_a_scene_and_hears_it(engine):
    node_modules = _npm_install()
    result = subprocess.run(["node", str(JS_DRIVER), engine.url, engine.password], capture_output=True, text=True,
                            timeout=120, env={"NODE_PATH": str(node_modules), "PATH": "/usr/bin:/bin:/usr/local/bin"},
                            cwd=NODE_CACHE)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rpcVersion"] == 1
    assert report["sceneCount"] == 3
    assert report["heard"] == report["taken"]
    assert report["recordPath"].endswith(".mkv")
