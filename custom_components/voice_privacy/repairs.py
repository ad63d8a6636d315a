"""Fix flows of the repairs that issues.py raises.

The user confirms a change made at the vendor, declares new settings, lets Voice Privacy purge
what is kept too long, or chooses replacements for linked switches that disappeared.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import voluptuous as vol

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectSelector,
    SelectSelectorConfig,
)

from .const import CONF_KIND, AssistantKind, HistorySource
from .data import VoicePrivacyConfigEntry
from .history import PurgeRequest
from .issues import MISSING_LINK, async_update_settings_issues
from .kinds import CONTROL_KEYS, KINDS, retention_days
from .linking import controls_schema, validate_controls

ATTR_HUMAN_REVIEW = "human_review"
ATTR_RETENTION = "retention"


class SettingsRepairFlow(RepairsFlow):
    """Confirm a vendor setting changed, declare new settings, or purge what is too old."""

    def __init__(self, entry: VoicePrivacyConfigEntry, issue: str, assistant_id: str) -> None:
        """Remember which repair of which assistant this is."""
        self._entry = entry
        self._issue = issue
        self._assistant_id = assistant_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Show the confirmation form."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Apply what the user confirms, then check the repairs again."""
        data = self._entry.runtime_data
        assistant = data.assistants[self._assistant_id]
        vendor = KINDS[assistant.links.kind]
        settings = data.settings
        if user_input is not None:
            if self._issue == "human_review":
                await settings.async_declare(self._assistant_id, human_review=False)
            elif self._issue in ("retention", "unconfirmed"):
                await settings.async_declare(self._assistant_id, **user_input)
            else:  # kept_too_long
                days = retention_days(settings.get(self._assistant_id).retention) or 0
                request = PurgeRequest(
                    older_than=timedelta(days=days) if days else None,
                    sources=frozenset({HistorySource.RECORDER, HistorySource.DEBUG_RECORDINGS}),
                )
                await data.history.async_purge(data.assistants, [self._assistant_id], request, None)
                async_update_settings_issues(self.hass, self._entry)
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
            description_placeholders={"assistant": assistant.name, "url": vendor.privacy_url},
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
        placeholders: dict[str, str] = {}
        if user_input is not None:
            errors, placeholders = validate_controls(
                self.hass, self._entry, kind, user_input, self._assistant_id
            )
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
        schema = controls_schema(
            self.hass, self._entry, kind, self._assistant_id, with_cloud_option=False
        )
        return self.async_show_form(
            step_id="replace",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or still_there),
            errors=errors,
            description_placeholders={"assistant": subentry.title} | placeholders,
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
    if issue == MISSING_LINK:
        return MissingLinkRepairFlow(entry, assistant_id)
    return SettingsRepairFlow(entry, issue, assistant_id)
