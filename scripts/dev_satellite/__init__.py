"""A stand-in Assist satellite for trying Voice Privacy offline (scripts/develop only).

It gives Home Assistant what an ESPHome Voice PE gives it: a device with an
`assist_satellite` entity and a "Mute" switch. With `assist_pipeline: debug_recording_dir`
set, it also leaves a few debug recordings in its device folder at start-up, laid out as
`assist_pipeline` writes them, so the history purge has something real to delete.
"""

from __future__ import annotations

import os
from pathlib import Path
import time

from homeassistant.config_entries import SOURCE_IMPORT, ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

DOMAIN = "dev_satellite"
PLATFORMS = [Platform.ASSIST_SATELLITE, Platform.SWITCH]
DEVICE_INFO = dr.DeviceInfo(
    identifiers={(DOMAIN, "kitchen")},
    name="Kitchen Voice PE",
    manufacturer="Stand-in",
    model="Voice PE (development)",
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Create the one config entry from `dev_satellite:` in configuration.yaml."""
    if DOMAIN in config and not hass.config_entries.async_entries(DOMAIN):
        hass.async_create_task(
            hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_IMPORT})
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Add the satellite and its mute switch; seed debug recordings."""
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, "kitchen"), entry.entry_id)
    directory = (hass.data.get("assist_pipeline.config") or {}).get("debug_recording_dir")
    if device and directory:
        # Relative to the working directory, as assist_pipeline takes it.
        folder = Path(directory) / device.id / "Home Assistant"
        await hass.async_add_executor_job(_seed_recordings, folder)
    return True


def _seed_recordings(folder: Path) -> None:
    if folder.exists():
        return
    now = time.time()
    for run, age_days in ((1, 10), (2, 3), (3, 0)):
        run_dir = folder / str(run)
        run_dir.mkdir(parents=True)
        for name in ("00_wake.wav", "01_stt.wav"):
            path = run_dir / name
            path.write_bytes(b"RIFF" + bytes(40))
            stamp = now - age_days * 86400
            os.utime(path, (stamp, stamp))


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload the platforms."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
