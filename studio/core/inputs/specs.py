"""Input specs: `NAME=SPEC` as `studio engine --input` and AddInput take them, to the feed they open.

SPEC is what `--source` takes (studio/core/capture/specs.py) plus a file played once, a still
image and the network inputs (studio/core/inputs/network.py).
"""

from __future__ import annotations

import re

from studio.core.canvas import Canvas
from studio.core.capture.camera import CameraSource
from studio.core.capture.devices import DeviceCatalog, SystemDevices
from studio.core.capture.specs import _camera
from studio.core.inputs.feed import InputFeed, InputStateListener
from studio.core.inputs.local import CameraFeed, FileFeed, ImageFeed, TestCardFeed
from studio.core.inputs.ingest import IngestFeed
from studio.core.inputs.network import is_network_spec, parse_network_spec
from studio.core.spec_help import INPUT_SPEC_HELP
from studio.errors import UserInputError

MAX_INPUT_NAME = 40
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,%d}" % (MAX_INPUT_NAME - 1))


def check_input_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise UserInputError(f"input name {name[:60]!r}: 1 to {MAX_INPUT_NAME} letters, digits, spaces, '.', '_' "
                             "or '-', starting with a letter or digit")
    return name


def split_input(text: str) -> tuple[str, str]:
    """`host=camera:0` -> ("host", "camera:0")."""
    name, sep, spec = text.partition("=")
    if not sep or not spec:
        raise UserInputError(f"--input {text[:80]!r}: expected NAME=SPEC, e.g. host=camera:0 or "
                             "guest=rtmp://0.0.0.0:1936/live/guest?listen=1")
    return check_input_name(name.strip()), spec.strip()


def open_input(name: str, spec: str, canvas: Canvas, devices: DeviceCatalog | None = None,
               on_state: InputStateListener | None = None) -> InputFeed:
    """The feed a spec names (not started); a UserInputError names what is wrong."""
    check_input_name(name)
    if spec == "test":
        return TestCardFeed(name, spec, canvas.width, canvas.height, canvas.fps, on_state)
    for prefix, loop in (("file:", True), ("file-once:", False)):
        if spec.startswith(prefix):
            return FileFeed(name, spec, spec[len(prefix):], loop, on_state)
    if spec.startswith("image:"):
        return ImageFeed(name, spec, spec[len("image:"):], on_state)
    if spec.startswith("camera:"):
        index, camera_name = _camera(spec, spec[len("camera:"):], devices or SystemDevices())
        camera = CameraSource(index, canvas.width, canvas.height, canvas.fps, name=camera_name)
        return CameraFeed(name, spec, camera, on_state)
    if is_network_spec(spec):
        url, listen = parse_network_spec(spec)
        return IngestFeed(name, spec, url, listen, canvas.width, canvas.height, on_state)
    raise UserInputError(f"input {name}={spec[:80]!r}: expected {INPUT_SPEC_HELP.replace(' | ', ', ')}")
