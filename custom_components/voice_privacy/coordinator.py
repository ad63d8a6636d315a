"""The one thing that is polled: Assist debug recordings on disk.

The file system is the one thing Home Assistant does not tell us about, so this polls,
slowly, and each refresh only reads the run folders that changed (see recordings.py). All of
it, the check that each folder is safe included, runs in one executor job; nothing here
touches the disk on the event loop. A folder that must not be read makes every count
unavailable; a folder the disk refuses to read makes only that assistant's count unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN, LOGGER
from .kinds import KINDS
from .models import Assistant
from .recordings import DeviceFolder, Inventory, InventoryStats, UnsafeRecordingsPathError

RECORDINGS_SCAN_INTERVAL = timedelta(minutes=10)
# assist_pipeline keeps its YAML config here; importing the component for the key alone
# would load its audio requirements.
ASSIST_PIPELINE_CONFIG = "assist_pipeline.config"
DEBUG_RECORDING_DIR = "debug_recording_dir"


def recordings_dir(hass: HomeAssistant) -> str | None:
    """Return the configured Assist debug recording folder, if any."""
    config: dict[str, Any] = hass.data.get(ASSIST_PIPELINE_CONFIG) or {}
    directory = config.get(DEBUG_RECORDING_DIR)
    return str(directory) if directory else None


def has_recordings(assistant: Assistant) -> bool:
    """Whether the assistant can have debug recordings: a satellite known by its device."""
    return KINDS[assistant.links.kind].debug_recordings and bool(assistant.links.device_id)


class RecordingsCoordinator(DataUpdateCoordinator[dict[str, InventoryStats]]):
    """Count the Assist debug recordings of each satellite."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        assistants: Mapping[str, Assistant],
    ) -> None:
        """Track the assistants whose kind can have debug recordings."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN}_recordings",
            update_interval=RECORDINGS_SCAN_INTERVAL,
            always_update=False,
        )
        # The hub's own mapping: an assistant added later is counted too.
        self._assistants = assistants
        self._inventories: dict[str, Inventory] = {}
        self._refused: set[str] = set()
        self.directory: str | None = None

    @property
    def satellites(self) -> dict[str, str]:
        """The assistants whose kind can have debug recordings, by their device id."""
        return {
            assistant_id: assistant.links.device_id
            for assistant_id, assistant in self._assistants.items()
            if has_recordings(assistant) and assistant.links.device_id
        }

    def stats(self, assistant_id: str) -> InventoryStats | None:
        """The last count for one assistant, None when there is none."""
        return (self.data or {}).get(assistant_id)

    async def _async_update_data(self) -> dict[str, InventoryStats]:
        """Refresh the inventories in the executor."""
        self.directory = recordings_dir(self.hass)
        if self.directory is None:
            return {a: InventoryStats(0, 0, None) for a in self.satellites}
        for assistant_id, device_id in self.satellites.items():
            folder = DeviceFolder(self.directory, self.hass.config.config_dir, device_id)
            inventory = self._inventories.get(assistant_id)
            if inventory is None or inventory.folder != folder:
                self._inventories[assistant_id] = Inventory(folder)
        inventories = dict(self._inventories)
        try:
            counted, refused = await self.hass.async_add_executor_job(_count, inventories)
        except UnsafeRecordingsPathError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="unsafe_recordings_dir",
                translation_placeholders={"path": str(err)},
            ) from err
        for assistant_id, error in refused.items():
            if assistant_id not in self._refused:
                LOGGER.warning(
                    "Cannot count the Assist debug recordings in %s: %s",
                    inventories[assistant_id].folder.path,
                    error.strerror or error,
                )
        self._refused = set(refused)
        return counted


def _count(
    inventories: Mapping[str, Inventory],
) -> tuple[dict[str, InventoryStats], dict[str, OSError]]:
    """Count each assistant's recordings; the ones the disk refused are left out."""
    counted: dict[str, InventoryStats] = {}
    refused: dict[str, OSError] = {}
    for assistant_id, inventory in inventories.items():
        try:
            counted[assistant_id] = inventory.refresh()
        except OSError as err:
            refused[assistant_id] = err
    return counted, refused
