"""Print the libraries the installed Home Assistant pins for what this project runs.

Run with a venv's own interpreter after Home Assistant is installed in it; `scripts/setup`
installs what this prints, so each venv gets the versions its own release pins (2026.6.4 and
2026.11.0 pin other ones than 2026.10.4). Covered, each with the integrations it depends on:

- every entity platform (camera, conversation, tts...): the frontend's service list imports them;
- what config/configuration.yaml sets up (scripts/develop, the browser check) and the frontend;
- what onboarding sets up in a browser (Met.no, Radio Browser, Google Translate);
- the device integrations the tests set up for real (esphome, alexa_devices, sonos, wyoming),
  unless `--no-devices`.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import sys

from homeassistant import components

ROOT = Path(components.__path__[0])
CONFIG = Path(__file__).parent.parent / "config" / "configuration.yaml"
WANTED = ["frontend", "met", "radio_browser", "google_translate"]
# Set up for real by the tests only; a real Home Assistant here has none of these devices.
DEVICES = ["esphome", "alexa_devices", "sonos", "wyoming"]


def manifest(domain: str) -> dict[str, object] | None:
    """One integration's manifest; None for a name that is no core integration."""
    path = ROOT / domain / "manifest.json"
    return json.loads(path.read_text()) if path.is_file() else None


def configured() -> list[str]:
    """The integrations config/configuration.yaml names at its top level."""
    return re.findall(r"^(\w+):", CONFIG.read_text(), flags=re.MULTILINE)


def main() -> None:
    """Print each requirement once, with every dependency's and after-dependency's.

    `--no-devices` leaves out the device integrations, for a venv that runs no tests.
    """
    entity_platforms = [
        path.parent.name
        for path in ROOT.glob("*/manifest.json")
        if json.loads(path.read_text()).get("integration_type") == "entity"
    ]
    wanted = WANTED if "--no-devices" in sys.argv else [*WANTED, *DEVICES]
    todo, seen, printed = [*wanted, *configured(), *entity_platforms], set(), set()
    while todo:
        domain = todo.pop()
        if domain in seen or (data := manifest(domain)) is None:
            continue
        seen.add(domain)
        for requirement in data.get("requirements", []):  # type: ignore[attr-defined]
            if requirement not in printed:
                printed.add(requirement)
                print(requirement)
        todo += [*data.get("dependencies", []), *data.get("after_dependencies", [])]  # type: ignore[misc]


if __name__ == "__main__":
    main()
