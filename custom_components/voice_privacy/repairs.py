"""Repair issues the user has to act on, and the fix flows of the settings repairs.

When an entity an assistant is linked to disappears from Home Assistant (the plug was removed,
the satellite re-flashed under a new name), privacy mode can no longer work and only the user
can say what replaces it, so a repair issue points them to the assistant's reconfigure flow.
The vendor-settings repairs (compliance.py) have fix flows here: the user confirms a change
made at the vendor, declares new settings, or lets Voice Privacy purge what is kept too long.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import voluptuous as vol

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CoreState, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectSelector,
    SelectSelectorConfig,
)

from .compliance import async_update_settings_issues
from .config_flow import CONTROLS_BY_KIND, controls_schema, validate_controls
from .const import CONF_KIND, DOMAIN, AssistantKind, HistorySource
from .history import PurgeRequest
from .vendors import VENDORS, retention_days

if TYPE_CHECKING:
    from .coordinator import VoicePrivacyConfigEntry, VoicePrivacyCoordinator
    from .models import Assistant

CONTROL_KEYS = {key for keys in CONTROLS_BY_KIND.values() for key in keys}
ATTR_HUMAN_REVIEW = "human_review"
ATTR_RETENTION = "retention"


def missing_link_issue_id(assistant_id: str) -> str:
    """Return the repair issue id for an assistant with missing linked entities."""
    return f"missing_link_{assistant_id}"


@callback
def async_update_missing_link_issues(
    hass: HomeAssistant, entry: ConfigEntry, assistants: Mapping[str, Assistant]
) -> None:
    """Raise or clear a repair for every assistant whose linked entities are gone.

    Before Home Assistant has started, other integrations may not have added their
    entities yet, so nothing is raised then; it is checked again once started.
    """
    if hass.state is not CoreState.running:
        return
    registry = er.async_get(hass)
    for assistant_id, assistant in assistants.items():
        missing = [
            entity_id
            for entity_id in assistant.links.entity_ids
            if registry.async_get(entity_id) is None and hass.states.get(entity_id) is None
        ]
        issue_id = missing_link_issue_id(assistant_id)
        if not missing:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
            continue
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="missing_link",
            translation_placeholders={
                "assistant": assistant.name,
                "entities": ", ".join(missing),
            },
            data={"entry_id": entry.entry_id, "assistant_id": assistant_id},
        )


@callback
def async_delete_stale_issues(hass: HomeAssistant, assistant_ids: set[str]) -> None:
    """Drop the repairs of assistants that have been removed from the hub."""
    keep = {missing_link_issue_id(a) for a in assistant_ids}
    for domain, issue_id in list(ir.async_get(hass).issues):
        if domain == DOMAIN and issue_id not in keep:
            ir.async_delete_issue(hass, DOMAIN, issue_id)


class SettingsRepairFlow(RepairsFlow):
    """Confirm a vendor setting changed, declare new settings, or purge what is too old."""

    def __init__(self, coordinator: VoicePrivacyCoordinator, issue: str, assistant_id: str) -> None:
        """Remember which repair of which assistant this is."""
        self._coordinator = coordinator
        self._issue = issue
        self._assistant_id = assistant_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Show the confirmation form."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Apply what the user confirms, then check the repairs again."""
        coordinator = self._coordinator
        assistant = coordinator.assistants[self._assistant_id]
        vendor = VENDORS[assistant.links.kind]
        settings = coordinator.settings
        if user_input is not None:
            if self._issue == "human_review":
                await coordinator.async_declare(self._assistant_id, human_review=False)
            elif self._issue in ("retention", "unconfirmed"):
                await coordinator.async_declare(self._assistant_id, **user_input)
            else:  # kept_too_long
                days = retention_days(settings.get(self._assistant_id).retention) or 0
                request = PurgeRequest(
                    older_than=timedelta(days=days) if days else None,
                    sources=frozenset({HistorySource.RECORDER, HistorySource.DEBUG_RECORDINGS}),
                )
                await coordinator.async_purge([self._assistant_id], request, None)
                async_update_settings_issues(coordinator)
            return self.async_create_entry(data={})
        fields: dict[vol.Marker, Any] = {}
        declared = settings.get(self._assistant_id)
        if self._issue == "unconfirmed" and vendor.human_review:
            fields[vol.Required(ATTR_HUMAN_REVIEW, default=bool(declared.human_review))] = (
                BooleanSelector()
            )
        if self._issue in ("retention", "unconfirmed"):
            # No default when undeclared: the user has to say what is set.
            retention_key = (
                vol.Required(ATTR_RETENTION, default=declared.retention)
                if declared.retention
                else vol.Required(ATTR_RETENTION)
            )
            fields[retention_key] = SelectSelector(
                SelectSelectorConfig(
                    options=list(vendor.retention_options), translation_key="retention"
                )
            )
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema(fields),
            description_placeholders={"assistant": assistant.name, "url": vendor.url},
        )


class MissingLinkRepairFlow(RepairsFlow):
    """Choose replacements for the linked switches an assistant lost."""

    def __init__(self, entry: VoicePrivacyConfigEntry, assistant_id: str) -> None:
        """Remember the hub and the assistant."""
        self._entry = entry
        self._assistant_id = assistant_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Show the replacement form."""
        return await self.async_step_replace()

    async def async_step_replace(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Validate as the assistant flow does, then update the assistant (which reloads)."""
        subentry = self._entry.subentries[self._assistant_id]
        kind = AssistantKind(subentry.data[CONF_KIND])
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = validate_controls(self.hass, kind, user_input)
            if not errors:
                kept = {k: v for k, v in subentry.data.items() if k not in CONTROL_KEYS}
                self.hass.config_entries.async_update_subentry(
                    self._entry, subentry, data=kept | user_input
                )
                return self.async_create_entry(data={})
        registry = er.async_get(self.hass)
        still_there = {
            key: entity_id
            for key in CONTROL_KEYS
            if (entity_id := subentry.data.get(key))
            and (registry.async_get(entity_id) or self.hass.states.get(entity_id))
        }
        schema = controls_schema(kind, with_cloud_option=False)
        return self.async_show_form(
            step_id="replace",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or still_there),
            errors=errors,
            description_placeholders={"assistant": subentry.title},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of a repair."""
    assert data is not None
    entry: VoicePrivacyConfigEntry | None = hass.config_entries.async_get_entry(
        str(data["entry_id"])
    )
    assert entry is not None
    assistant_id = str(data["assistant_id"])
    issue = issue_id.removesuffix(f"_{assistant_id}")
    if issue == "missing_link":
        return MissingLinkRepairFlow(entry, assistant_id)
    return SettingsRepairFlow(entry.runtime_data, issue, assistant_id)
