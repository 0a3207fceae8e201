"""`studio devices`: the cameras and microphones `--source camera:NAME` and `--audio mic:NAME` can pick,
and the inputs of the engine running here (if one runs), with their state."""

from __future__ import annotations

from studio.core.capture.devices import SystemDevices


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "devices",
        description="List the cameras and microphones on this machine, by the names --source camera:NAME "
                    "and --audio mic:NAME match (any part of the name, any case).",
    )
    parser.add_argument("--json", action="store_true",
                        help="as JSON: {\"cameras\": [{\"name\", \"label\"}], \"microphones\": [...]} (the setup wizard reads it)")
    parser.set_defaults(handler=run_devices)


def run_devices(args) -> int:
    devices = SystemDevices()
    cameras = devices.cameras()
    if getattr(args, "json", False):
        import json

        listed = {kind: [{"name": device.name, "label": device.label or ""} for device in found]
                  for kind, found in (("cameras", cameras), ("microphones", devices.microphones()))}
        print(json.dumps(listed))
        return 0
    print("cameras (--source camera:NAME or camera:INDEX):")
    for camera in cameras:
        print(f"  {camera.key}: {camera.describe()}")
    if not cameras:
        print("  none found")
    microphones = devices.microphones()
    print("microphones (--audio mic:NAME; --audio mic is the default one):")
    for microphone in microphones:
        print(f"  {microphone.describe()}")
    if not microphones:
        print("  none found")
    print_engine_inputs()
    return 0


def print_engine_inputs() -> None:
    """The running engine's inputs (ListInputs): nothing when no engine runs here."""
    from studio.errors import StudioError
    from studio.wire.client import ControlClient
    from studio.wire.connect_info import control_password, local_engine_url

    try:
        url = local_engine_url()
        with ControlClient(url, control_password(create=False)).connect() as client:
            listing = client.vendor("ListInputs")
    except StudioError as error:
        if "no engine is running" not in str(error) and "no longer running" not in str(error):
            print(f"inputs of the engine on this machine: {error}")
        return
    print(f"inputs of the engine on {url} (studio control input NAME cues one):")
    for item in listing["inputs"]:
        where = "PROGRAM" if item["program"] else "preview" if item["preview"] else ""
        print(f"  {item['name']}: {item['kind']} {item['state']} {item['width']}x{item['height']} "
              f"{item['fps']:g} fps latency {item['latency_ms']:g} ms {where}".rstrip())
