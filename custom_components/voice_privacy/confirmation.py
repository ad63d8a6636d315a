"""How each assistant's microphone state is known, said plainly.

The state shown is read from a linked entity, and how far that entity speaks for the device
depends on its integration:
- `device`: the device itself reports it (ESPHome's Voice PE mute, a Sonos microphone
  switch, a smart plug reporting its relay);
- `vendor_cloud`: the vendor's cloud reports the device's setting (Alexa Devices);
- `home_assistant`: the state lives in Home Assistant only and nothing confirms the device
  follows it (Wyoming's mute switch: a satellite is told to pause between turns and never
  answers; template and helper switches);
- `integration`: an integration this table does not know; as good as that integration;
- `unknown`: nothing tells the microphone state now.
"""

from __future__ import annotations

from enum import StrEnum

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er


class ConfirmedBy(StrEnum):
    """Who stands behind the microphone state shown."""

    DEVICE = "device"
    VENDOR_CLOUD = "vendor_cloud"
    HOME_ASSISTANT = "home_assistant"
    INTEGRATION = "integration"
    UNKNOWN = "unknown"


# Integrations whose switch or sensor state is the device's own report.
DEVICE_REPORTED = frozenset(
    {
        "esphome",
        "sonos",
        "shelly",
        "tplink",
        "tasmota",
        "zha",
        "zwave_js",
        "matter",
        "hue",
        "tuya",
        "switchbot",
        "homekit_controller",
        "wemo",
        "mqtt",
    }
)
# The vendor's cloud reports the device's setting.
VENDOR_REPORTED = frozenset({"alexa_devices"})
# The state lives in Home Assistant; no device answers for it.
HOME_ASSISTANT_ONLY = frozenset({"wyoming", "template", "input_boolean", "group", "demo"})


@callback
def confirmed_by(hass: HomeAssistant, entity_id: str | None) -> ConfirmedBy:
    """How the state of this linked entity is known, from its integration."""
    if entity_id is None:
        return ConfirmedBy.UNKNOWN
    entry = er.async_get(hass).async_get(entity_id)
    platform = entry.platform if entry is not None else entity_id.split(".", 1)[0]
    if platform in DEVICE_REPORTED:
        return ConfirmedBy.DEVICE
    if platform in VENDOR_REPORTED:
        return ConfirmedBy.VENDOR_CLOUD
    if platform in HOME_ASSISTANT_ONLY:
        return ConfirmedBy.HOME_ASSISTANT
    return ConfirmedBy.INTEGRATION
