"""`studio devices`: the cameras and microphones `--source camera:NAME` and `--audio mic:NAME` can pick."""

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
    return 0
