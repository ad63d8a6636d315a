"""The hub's coordinator: assistants, their linked entities, and privacy mode.

Nothing is polled. Home Assistant already knows the state of every linked entity, so the
coordinator listens to their state-change events and recomputes each assistant's microphone
state; entities are CoordinatorEntity listeners and update only when that state changes.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import (
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .autopurge import AutoPurge
from .compliance import async_update_settings_issues
from .const import (
    ATTR_ASSISTANT,
    ATTR_ASSISTANT_ID,
    ATTR_CAUSE,
    ATTR_MICROPHONE,
    ATTR_PREVIOUS,
    CONF_CONFIRM_TIMEOUT,
    DEFAULT_CONFIRM_TIMEOUT,
    DOMAIN,
    EVENT_PRIVACY_CHANGED,
    LOGGER,
    SUBENTRY_ASSISTANT,
    AssistantKind,
    Cause,
    MicrophoneState,
)
from .control import async_switch_and_confirm
from .history import PurgeRequest, VoiceHistory, recordings_dir
from .links import is_usable, microphone_state, switch_value
from .models import Assistant, AssistantStatus, PrivacyResult, hub_device_info
from .policy_store import PolicyKeeper
from .recordings import Inventory, InventoryStats, UnsafeRecordingsPathError, device_folder
from .repairs import async_update_missing_link_issues
from .rules import PrivacyRules
from .score import Score, ScoreInputs, assistant_score, home_score
from .settings import SettingsKeeper

type VoicePrivacyConfigEntry = ConfigEntry[VoicePrivacyCoordinator]

RECORDINGS_SCAN_INTERVAL = timedelta(minutes=10)


class VoicePrivacyCoordinator(DataUpdateCoordinator[dict[str, AssistantStatus]]):
    """Keep every assistant's microphone state current from its linked entities."""

    config_entry: VoicePrivacyConfigEntry

    def __init__(self, hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
        """Read the assistants from the hub's subentries."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=None,
            always_update=False,
        )
        self.assistants: dict[str, Assistant] = {
            subentry_id: Assistant.from_subentry(subentry_id, subentry.title, subentry.data)
            for subentry_id, subentry in entry.subentries.items()
            if subentry.subentry_type == SUBENTRY_ASSISTANT
        }
        # Context ids of the commands we sent, so a resulting state change names its cause.
        self._causes: dict[str, Cause] = {}
        self.hub_device_id = ""
        self.policies = PolicyKeeper(hass, entry.entry_id, self._async_end_temporary)
        self.history = VoiceHistory(hass, entry.entry_id)
        self.settings = SettingsKeeper(hass, entry.entry_id)
        self.rules = PrivacyRules(self, entry.options)
        self.auto_purge = AutoPurge(self, entry.options)
        self.recordings = RecordingsCoordinator(hass, entry, self.assistants)

    @property
    def confirm_timeout(self) -> float:
        """Seconds to wait for a linked entity to confirm a command."""
        return float(self.config_entry.data.get(CONF_CONFIRM_TIMEOUT, DEFAULT_CONFIRM_TIMEOUT))

    async def _async_setup(self) -> None:
        """Register the hub device and subscribe to the linked entities' state changes."""
        self.hub_device_id = (
            dr.async_get(self.hass)
            .async_get_or_create(
                config_entry_id=self.config_entry.entry_id,
                **hub_device_info(self.config_entry),
            )
            .id
        )
        self.config_entry.async_on_unload(self.policies.async_stop)
        await self.history.async_load()
        await self.settings.async_load(set(self.assistants))
        # Not a first refresh that could fail the hub: a recordings folder that cannot be read
        # safely makes only the recordings sensors unavailable.
        await self.recordings.async_refresh()
        entity_ids = {e for a in self.assistants.values() for e in a.links.entity_ids}
        if entity_ids:
            self.config_entry.async_on_unload(
                async_track_state_change_event(
                    self.hass, entity_ids, self._async_linked_state_changed
                )
            )
        async_update_missing_link_issues(self.hass, self.config_entry, self.assistants)

    async def _async_update_data(self) -> dict[str, AssistantStatus]:
        """Compute every assistant's status from the state machine (no I/O)."""
        return self._compute()

    @callback
    def _compute(self) -> dict[str, AssistantStatus]:
        get_state = self.hass.states.get
        return {
            assistant_id: AssistantStatus(
                microphone=microphone_state(assistant.links, get_state),
                available=any(is_usable(get_state, e) for e in assistant.links.entity_ids),
                privacy_available=any(
                    is_usable(get_state, e) for e in assistant.links.privacy_entity_ids
                ),
            )
            for assistant_id, assistant in self.assistants.items()
        }

    @callback
    def _async_linked_state_changed(self, event: Event[EventStateChangedData]) -> None:
        """Recompute, announce microphone changes, and push to the entities."""
        previous = self.data
        current = self._compute()
        context = event.context
        cause = self._causes.get(context.id, Cause.DEVICE)
        for assistant_id, status in current.items():
            before = previous.get(assistant_id)
            if before is None or before.microphone == status.microphone:
                continue
            self._async_fire_changed(
                assistant_id, before.microphone, status.microphone, cause, context
            )
            known = MicrophoneState.UNKNOWN not in (before.microphone, status.microphone)
            if cause is Cause.DEVICE and known and before.private != status.private:
                # Someone pressed mute or pulled the plug: a person's decision too.
                self.config_entry.async_create_task(
                    self.hass,
                    self.policies.async_manual(assistant_id, status.private, before.private),
                )
        if event.data["new_state"] is None or event.data["old_state"] is None:
            async_update_missing_link_issues(self.hass, self.config_entry, self.assistants)
        self.async_set_updated_data(current)

    @callback
    def _async_fire_changed(
        self,
        assistant_id: str,
        before: MicrophoneState,
        after: MicrophoneState,
        cause: Cause,
        context: Context,
    ) -> None:
        entity_id = er.async_get(self.hass).async_get_entity_id(
            "sensor", DOMAIN, f"{assistant_id}_microphone"
        )
        self.hass.bus.async_fire(
            EVENT_PRIVACY_CHANGED,
            {
                ATTR_ASSISTANT: self.assistants[assistant_id].name,
                ATTR_ASSISTANT_ID: assistant_id,
                "entity_id": entity_id,
                ATTR_PREVIOUS: before,
                ATTR_MICROPHONE: after,
                ATTR_CAUSE: cause,
            },
            context=context,
        )

    async def async_apply(
        self,
        assistant_ids: list[str],
        enabled: bool,
        cause: Cause,
        context: Context | None,
        duration: timedelta | None = None,
    ) -> list[PrivacyResult]:
        """Set privacy mode on many assistants concurrently, collecting each outcome.

        Each success is a person's decision for the policy (see policy.py); with a duration
        it is temporary and ends by itself.
        """
        until = dt_util.utcnow() + duration if duration is not None else None

        async def _async_one(assistant_id: str) -> PrivacyResult:
            assistant = self.assistants[assistant_id]
            before = self.data[assistant_id].private
            try:
                status = await self.async_set_privacy(assistant_id, enabled, cause, context)
            except HomeAssistantError as err:
                return PrivacyResult(assistant, self.data[assistant_id], error=err)
            await self.policies.async_manual(assistant_id, enabled, before, until)
            restore_at = until.isoformat() if until is not None else None
            return PrivacyResult(assistant, status, restore_at=restore_at)

        return list(await asyncio.gather(*(_async_one(a) for a in assistant_ids)))

    async def async_set_privacy(
        self,
        assistant_id: str,
        enabled: bool,
        cause: Cause,
        context: Context | None = None,
    ) -> AssistantStatus:
        """Cut or restore one assistant's microphone, confirmed by the linked entities.

        On: the satellite's own mute switch when it answers, else the power cut.
        Off: power back first (a muted satellite cannot unmute without power), then unmute.
        """
        assistant = self.assistants[assistant_id]
        links = assistant.links
        if not links.has_privacy_control:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="no_privacy_control",
                translation_placeholders={"assistant": assistant.name},
            )
        command_context = Context(
            user_id=context.user_id if context else None,
            parent_id=context.id if context else None,
        )
        self._causes[command_context.id] = cause
        get_state = self.hass.states.get
        timeout = self.confirm_timeout
        try:
            if enabled and not self.data[assistant_id].private:
                if is_usable(get_state, links.mute_entity) or not links.power_entity:
                    await self._async_switch(links.mute_entity, True, timeout, command_context)
                else:
                    await self._async_switch(links.power_entity, False, timeout, command_context)
            elif not enabled:
                acted = False
                if switch_value(get_state, links.power_entity) is False:
                    await self._async_switch(links.power_entity, True, timeout, command_context)
                    acted = True
                if switch_value(get_state, links.mute_entity) is True:
                    await self._async_switch(links.mute_entity, False, timeout, command_context)
                    acted = True
                if not acted and not self.data[assistant_id].listening:
                    # Nothing answers: the command goes to a control that cannot take it,
                    # which raises the error that says which one and why.
                    silent = next(
                        e for e in links.privacy_entity_ids if not is_usable(get_state, e)
                    )
                    turn_on = silent == links.power_entity
                    await self._async_switch(silent, turn_on, timeout, command_context)
        finally:
            del self._causes[command_context.id]
        return self.data[assistant_id]

    async def _async_switch(
        self, entity_id: str | None, turn_on: bool, timeout: float, context: Context
    ) -> None:
        assert entity_id is not None  # guarded by has_privacy_control
        await async_switch_and_confirm(self.hass, entity_id, turn_on, timeout, context)

    async def _async_end_temporary(self, assistant_id: str, enabled: bool) -> None:
        """Go back to the privacy mode an assistant had before a temporary change."""
        await self.async_set_privacy(assistant_id, enabled, Cause.DURATION_ENDED)

    async def async_declare(self, assistant_id: str, **changes: Any) -> None:
        """Record vendor settings the user declared; update entities and repairs."""
        await self.settings.async_declare(assistant_id, **changes)
        self.async_update_listeners()
        async_update_settings_issues(self)

    def score(self, assistant_id: str) -> Score:
        """The privacy score of one assistant (see score.py)."""
        return assistant_score(
            ScoreInputs(
                links=self.assistants[assistant_id].links,
                settings=self.settings.get(assistant_id),
                covered_by_rule=self.rules.covers(assistant_id),
                private_now=self.data[assistant_id].private,
                auto_purge=self.auto_purge.enabled,
                last_purge=self.history.last_purge(assistant_id),
                now=dt_util.utcnow(),
            )
        )

    def home_score(self) -> Score:
        """The privacy score of the home."""
        return home_score([self.score(assistant_id) for assistant_id in self.assistants])

    async def async_purge(
        self, assistant_ids: list[str], request: PurgeRequest, context: Context | None
    ) -> list[dict[str, Any]]:
        """Purge the voice history of many assistants concurrently, then refresh."""
        results = await asyncio.gather(
            *(
                self.history.async_purge_one(self.assistants[assistant_id], request, context)
                for assistant_id in assistant_ids
            )
        )
        if not request.dry_run:
            self.async_update_listeners()
            await self.recordings.async_refresh()
        return list(results)


class RecordingsCoordinator(DataUpdateCoordinator[dict[str, InventoryStats]]):
    """Count the Assist debug recordings of each satellite.

    The file system is the one thing Home Assistant does not tell us about, so this polls,
    slowly, and each refresh only reads the run folders that changed (see recordings.py).
    """

    config_entry: VoicePrivacyConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: VoicePrivacyConfigEntry,
        assistants: dict[str, Assistant],
    ) -> None:
        """Track the satellites among the assistants."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN}_recordings",
            update_interval=RECORDINGS_SCAN_INTERVAL,
            always_update=False,
        )
        self.satellites = {
            assistant_id: assistant.links.device_id
            for assistant_id, assistant in assistants.items()
            if assistant.links.kind is AssistantKind.ASSIST_SATELLITE and assistant.links.device_id
        }
        self._inventories: dict[str, Inventory] = {}
        self.directory: str | None = None

    async def _async_update_data(self) -> dict[str, InventoryStats]:
        """Refresh the inventories in the executor."""
        self.directory = recordings_dir(self.hass)
        if self.directory is None:
            return {a: InventoryStats(0, 0, None) for a in self.satellites}
        for assistant_id, device_id in self.satellites.items():
            try:
                folder = device_folder(self.directory, self.hass.config.config_dir, device_id)
            except UnsafeRecordingsPathError as err:
                raise UpdateFailed(
                    translation_domain=DOMAIN,
                    translation_key="unsafe_recordings_dir",
                    translation_placeholders={"path": str(err)},
                ) from err
            inventory = self._inventories.get(assistant_id)
            if inventory is None or inventory.folder != folder:
                self._inventories[assistant_id] = Inventory(folder)
        inventories = dict(self._inventories)
        return await self.hass.async_add_executor_job(
            lambda: {a: inventory.refresh() for a, inventory in inventories.items()}
        )
