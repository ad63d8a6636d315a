"""Fix flows of the repairs that issues.py raises.

The user confirms a change made at the vendor, declares new settings, lets Voice Privacy purge
what is kept too long, or chooses replacements for linked switches that disappeared.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import voluptuous as vol

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
)

from .const import ATTR_ASSISTANT_ID, CONF_KIND, AssistantKind, HistorySource
from .data import VoicePrivacyConfigEntry
from .history import PurgeRequest
from .issues import KIND, MISSING_LINK, async_update_settings_issues
from .kinds import CONTROL_KEYS, KINDS, retention_days
from .linking import controls_schema, validate_controls
from .settings import ALLOWED, NOT_ALLOWED, DeclaredSettings, contradicts_disk

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

    def _questions(self, human_review: bool) -> tuple[str, ...]:
        """The vendor settings this repair asks about; none for a confirmation or a purge."""
        if self._issue == "unconfirmed":
            return (ATTR_HUMAN_REVIEW, ATTR_RETENTION) if human_review else (ATTR_RETENTION,)
        if self._issue == "retention":
            return (ATTR_RETENTION,)
        return ()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Apply what the user confirms, then check the repairs again."""
        data = self._entry.runtime_data
        assistant = data.assistants[self._assistant_id]
        vendor = KINDS[assistant.links.kind]
        settings = data.settings
        stats = data.recordings.stats(self._assistant_id)
        stored = stats.files if stats is not None else 0
        errors: dict[str, str] = {}
        if user_input is not None:
            if unanswered := [
                key for key in self._questions(vendor.human_review) if key not in user_input
            ]:
                errors = dict.fromkeys(unanswered, "not_answered")
            elif contradicts_disk(user_input.get(ATTR_RETENTION), stored):
                errors[ATTR_RETENTION] = "recordings_on_disk"
            elif self._issue == "human_review":
                await settings.async_declare(self._assistant_id, human_review=False)
                return self.async_create_entry(data={})
            elif self._issue in ("retention", "unconfirmed"):
                declared: dict[str, Any] = {ATTR_RETENTION: user_input[ATTR_RETENTION]}
                if ATTR_HUMAN_REVIEW in user_input:
                    declared[ATTR_HUMAN_REVIEW] = user_input[ATTR_HUMAN_REVIEW] == ALLOWED
                await settings.async_declare(self._assistant_id, **declared)
                return self.async_create_entry(data={})
            else:  # kept_too_long
                days = retention_days(settings.get(self._assistant_id).retention) or 0
                request = PurgeRequest(
                    older_than=timedelta(days=days) if days else None,
                    sources=frozenset({HistorySource.RECORDER, HistorySource.DEBUG_RECORDINGS}),
                )
                # Its own context, so the purge log tells it from the automatic purge.
                await data.history.async_purge(
                    data.assistants, [self._assistant_id], request, Context()
                )
                async_update_settings_issues(self.hass, self._entry)
                return self.async_create_entry(data={})
        declared_now = settings.get(self._assistant_id)
        fields: dict[vol.Marker, Any] = {}
        questions = self._questions(vendor.human_review)
        if ATTR_HUMAN_REVIEW in questions:
            fields[_question(ATTR_HUMAN_REVIEW, _human_review_option(declared_now))] = (
                SelectSelector(
                    SelectSelectorConfig(
                        options=[ALLOWED, NOT_ALLOWED], translation_key="human_review"
                    )
                )
            )
        if ATTR_RETENTION in questions:
            fields[_question(ATTR_RETENTION, declared_now.retention)] = SelectSelector(
                SelectSelectorConfig(
                    options=list(vendor.retention_options), translation_key="retention"
                )
            )
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema(fields),
            errors=errors,
            description_placeholders={
                "assistant": assistant.name,
                "url": vendor.privacy_url,
                "stored": str(stored),
            },
        )


def _question(key: str, declared: str | None) -> vol.Marker:
    """A question about the vendor, pre-filled only with what the user declared before.

    Undeclared, it is optional in the schema: Home Assistant's form pre-selects the first
    option of a required select ("Not saved"), an answer nobody gave. The flow itself
    refuses a form that leaves it unanswered.
    """
    return vol.Required(key, default=declared) if declared is not None else vol.Optional(key)


def _human_review_option(declared: DeclaredSettings) -> str | None:
    if declared.human_review is None:
        return None
    return ALLOWED if declared.human_review else NOT_ALLOWED


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
            errors, placeholders, resolved = validate_controls(
                self.hass, self._entry, kind, user_input, self._assistant_id
            )
            if not errors:
                kept = {k: v for k, v in subentry.data.items() if k not in CONTROL_KEYS}
                self.hass.config_entries.async_update_subentry(
                    self._entry, subentry, data=kept | resolved
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
    assistant_id = str(data[ATTR_ASSISTANT_ID])
    if data[KIND] == MISSING_LINK:
        return MissingLinkRepairFlow(entry, assistant_id)
    return SettingsRepairFlow(entry, str(data[KIND]), assistant_id)
